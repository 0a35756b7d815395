/**
 * The dashboard's only style sheet and script, served from /assets (no CDN, nothing inline, so
 * the Content-Security-Policy needs no `unsafe-inline`). Colours meet WCAG AA contrast on white.
 */
export const APP_CSS = `
:root{--fg:#1b1f24;--muted:#4a5563;--accent:#0b4f8a;--ok:#0a6b2a;--bad:#a4161a;--warn:#7a4a00;--line:#c9d1da;--bg2:#f3f5f8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:#fff}
a{color:var(--accent)}a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #f5b400;outline-offset:1px}
.skip{position:absolute;left:-999px}.skip:focus{left:.5rem;top:.5rem;background:#fff;padding:.3rem}
header{background:#0b2540;color:#fff;padding:.4rem 1rem;display:flex;flex-wrap:wrap;align-items:center;gap:1rem}
header .brand{font-weight:700;letter-spacing:.02em}
header nav{display:flex;flex:1;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem}
header nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.2rem}
header nav a{color:#fff;text-decoration:none;padding:.25rem .5rem;border-radius:3px}
header nav a[aria-current=page],header nav a:hover{background:#1e4f80}
header .logout{display:flex;gap:.5rem;align-items:center;font-size:.9rem}
main{padding:1rem 1.5rem;max-width:90rem}
h1{font-size:1.45rem;margin:.3rem 0 1rem}h2{font-size:1.15rem;margin-top:1.6rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.92rem}
caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border-bottom:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top}
thead th{background:var(--bg2)}
.num{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:var(--ok);font-weight:600}.bad{color:var(--bad);font-weight:600}.warn{color:var(--warn);font-weight:600}
.muted,.empty{color:var(--muted)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(13rem,1fr));gap:.8rem}
.card{border:1px solid var(--line);border-radius:6px;padding:.6rem .8rem;background:var(--bg2)}
.card .big{font-size:1.7rem;font-weight:700}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:1rem}
.charts figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:.5rem;min-width:0}
.charts figcaption{font-weight:600;font-size:.9rem;margin-bottom:.3rem}
.charts svg{display:block;width:100%;height:auto}
svg text{font-size:11px;fill:#1b1f24}
form.inline{display:inline}
form.filters{display:flex;flex-wrap:wrap;gap:.6rem;align-items:flex-end;margin-bottom:.6rem}
form.filters label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}
form.stack{display:grid;gap:.35rem;max-width:32rem;margin:.5rem 0 1rem}
input,select,textarea,button{font:inherit;padding:.3rem .45rem;border:1px solid #7b8794;border-radius:4px}
button{background:var(--accent);color:#fff;border-color:var(--accent);cursor:pointer}
button.secondary{background:#fff;color:var(--accent)}
.login{max-width:22rem;margin:3rem auto;display:grid;gap:.4rem}
.error{color:var(--bad);font-weight:600}.notice{background:#e6f1fb;border-left:4px solid var(--accent);padding:.4rem .7rem}
.timeline{list-style:none;padding:0;border-left:3px solid var(--line);margin-left:.4rem}
.timeline li{padding:.2rem 0 .5rem .8rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.facts dt{font-weight:600}
code{font-size:.85em;word-break:break-all}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}
.pager{display:flex;gap:1rem;margin:.5rem 0}
`;

/** Asks before a destructive action (the page works without it: the form simply submits). */
export const APP_JS = `
document.addEventListener('submit', function (event) {
  var button = event.submitter;
  var text = button && button.getAttribute('data-confirm');
  if (text && !window.confirm(text)) event.preventDefault();
});
`;

/** PDF date `D:YYYYMMDDHHmmSSOHH'mm'` (ISO 32000-1 §7.9.4); undefined when it does not parse. */
export const parsePdfDate = (text: string): Date | undefined => {
  const match =
    /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+-])(?:(\d{2})'?(?:(\d{2})'?)?)?)?/.exec(
      text.trim(),
    );
  if (match === null) return undefined;
  const n = (index: number, fallback: number): number =>
    match[index] === undefined ? fallback : Number(match[index]);
  const utc = Date.UTC(n(1, 0), n(2, 1) - 1, n(3, 1), n(4, 0), n(5, 0), n(6, 0));
  const sign = match[7] === '-' ? -1 : match[7] === '+' ? 1 : 0;
  const offsetMinutes = sign * (n(8, 0) * 60 + n(9, 0));
  const date = new Date(utc - offsetMinutes * 60_000);
  return Number.isNaN(date.getTime()) ? undefined : date;
};

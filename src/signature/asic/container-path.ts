/**
 * Rules for a path inside a container, shared by ZIP entry names, manifest.xml full-paths and
 * ASiCManifest URIs. A path that could resolve outside the container or to another entry than the
 * one named (`..`, `.`, absolute, drive letters, backslashes as separators on Windows) lets the
 * validator check one file while a person opens another.
 */
export type PathProblem =
  | 'empty'
  | 'absolute'
  | 'drive-letter'
  | 'backslash'
  | 'dot-dot-segment'
  | 'dot-segment'
  | 'empty-segment'
  | 'control-character';

const DRIVE_LETTER = /^[A-Za-z]:/;
// C0 and C1 controls and DEL: invisible in a file list, and NUL truncates names in C-based tools.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

export function pathProblems(path: string, options: { directory?: boolean } = {}): PathProblem[] {
  if (path === '') return ['empty'];
  const problems: PathProblem[] = [];
  if (path.startsWith('/')) problems.push('absolute');
  if (DRIVE_LETTER.test(path)) problems.push('drive-letter');
  if (path.includes('\\')) problems.push('backslash');
  if (CONTROL_CHARACTER.test(path)) problems.push('control-character');
  // A directory entry ends with one slash; that last empty segment is not a problem.
  const body = options.directory === true && path.endsWith('/') ? path.slice(0, -1) : path;
  const segments = body.split(/[/\\]/);
  if (segments.includes('..')) problems.push('dot-dot-segment');
  if (segments.includes('.')) problems.push('dot-segment');
  if (segments.slice(path.startsWith('/') ? 1 : 0).some((segment) => segment === ''))
    problems.push('empty-segment');
  return problems;
}

const WORDS: Record<PathProblem, string> = {
  empty: 'is empty',
  absolute: 'is absolute (starts with /)',
  'drive-letter': 'starts with a drive letter',
  backslash: 'contains a backslash',
  'dot-dot-segment': 'contains a ".." segment (path traversal)',
  'dot-segment': 'contains a "." segment',
  'empty-segment': 'contains an empty segment ("//")',
  'control-character': 'contains a control character',
};

export function describePathProblem(problem: PathProblem): string {
  return WORDS[problem];
}

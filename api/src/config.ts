// The one module that reads process.env (shared/DESIGN.md); everything else asks it. Each setting
// is a small function with its default beside it, so the server's settings can join them here.

/**
 * Where the user ran the command. npm runs a workspace script with the workspace folder as the
 * working directory and puts the user's own directory in INIT_CWD, so a path typed at the repo
 * root still resolves; run directly (node, tsx), the working directory is already the right one.
 */
export function readInvocationDir(): string {
  return process.env['INIT_CWD'] ?? process.cwd();
}

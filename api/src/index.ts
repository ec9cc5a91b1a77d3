// The server is not built yet (issue 4); the command-line entries live in src/cli.
export {};

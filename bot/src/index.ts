// The companion bot is not built yet (issue 6). This module exists so the workspace type-checks.
export {};

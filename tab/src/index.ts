// The side panel is not built yet (issue 5). This module exists so the workspace type-checks.
export {};

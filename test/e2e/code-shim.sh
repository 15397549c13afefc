#!/bin/sh
# A stand-in "VS Code executable" for @vscode/test-electron (runTests({ vscodeExecutablePath })): no desktop VS Code or
# Electron can be installed offline, so this runs the extension tests in code-server's Node extension host instead.
# Needs `node scripts/install-vscode.mjs` and the compiled tests (tsc -p . → out/).
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
exec "${OPENCLAW_E2E_NODE:-node}" "$here/../../out/test/e2e/support/codeShim.js" "$@"

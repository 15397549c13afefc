-- Drives a headless Neovim through the OpenClaw Pairing LSP round trip and writes what happened as JSON for
-- neovim.test.ts to assert on. Every wait is vim.wait on a real condition (diagnostics present, the buffer changed,
-- diagnostics gone), which runs Neovim's event loop, so the LSP messages arrive while it waits.
--
-- Input (environment): OCP_CONFIG (editors/neovim/openclaw-pairing.lua), OCP_SERVER_CMD (JSON array), OCP_STATE_DIR,
-- OCP_FILE (the paired.json to open), OCP_RESULT (where the JSON goes), OCP_TIMEOUT_MS.
local result = { steps = {} }
local timeout = tonumber(os.getenv('OCP_TIMEOUT_MS') or '') or 30000

local function step(name)
	table.insert(result.steps, name)
end

local function lsp_diagnostics(bufnr)
	local out = {}
	for _, d in ipairs(vim.diagnostic.get(bufnr)) do
		table.insert(out, { code = d.code, line = d.lnum, character = d.col, severity = d.severity, message = d.message })
	end
	return out
end

local function run()
	local pairing = dofile(os.getenv('OCP_CONFIG'))
	pairing.setup({ cmd = vim.fn.json_decode(os.getenv('OCP_SERVER_CMD')), stateDir = os.getenv('OCP_STATE_DIR') })
	step('setup')

	vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('OCP_FILE')))
	local bufnr = vim.api.nvim_get_current_buf()
	result.attached = vim.wait(timeout, function()
		return next(vim.lsp.buf_get_clients(bufnr)) ~= nil
	end, 20)
	if not result.attached then
		error('the config did not attach a language client to the buffer')
	end
	step('attached')

	if not vim.wait(timeout, function()
		return #vim.diagnostic.get(bufnr) > 0
	end, 20) then
		error('no diagnostics from the server within ' .. timeout .. ' ms')
	end
	result.diagnostics = lsp_diagnostics(bufnr)
	step('diagnostics')

	local target
	for _, d in ipairs(vim.diagnostic.get(bufnr)) do
		if d.code == 'missing-scope' then
			target = d
		end
	end
	if not target then
		error('no missing-scope diagnostic to fix')
	end
	vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })

	-- The code-action menu (vim.ui.select): record what it offers and choose the preferred fix, as a user would.
	vim.ui.select = function(items, opts, on_choice)
		result.offered = {}
		local chosen
		for _, item in ipairs(items) do
			local action = item[2]
			table.insert(result.offered, { title = action.title, preferred = action.isPreferred == true })
			if action.isPreferred and not chosen then
				chosen = item
			end
		end
		result.menuKind = opts.kind
		on_choice(chosen)
	end
	local tick = vim.api.nvim_buf_get_changedtick(bufnr)
	if vim.fn.has('nvim-0.8') == 1 then
		-- 0.8+ would skip the menu with filter/apply; go through the menu on every version so the test is the same.
		vim.lsp.buf.code_action({})
	else
		vim.lsp.buf.code_action()
	end
	if not vim.wait(timeout, function()
		return vim.api.nvim_buf_get_changedtick(bufnr) ~= tick
	end, 20) then
		error('the quick fix did not change the buffer within ' .. timeout .. ' ms')
	end
	step('fixed')

	-- The server re-checks the changed buffer and publishes again: the fixed file must come back clean.
	result.cleared = vim.wait(timeout, function()
		return #vim.diagnostic.get(bufnr) == 0
	end, 20)
	result.diagnosticsAfterFix = lsp_diagnostics(bufnr)
	vim.cmd('write')
	step('written')
end

local ok, err = pcall(run)
result.ok = ok
if not ok then
	result.error = tostring(err)
end
local file = io.open(os.getenv('OCP_RESULT'), 'w')
if file then
	file:write(vim.fn.json_encode(result))
	file:close()
end
vim.cmd('qall!')

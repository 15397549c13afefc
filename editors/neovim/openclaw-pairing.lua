-- OpenClaw Pairing language server for Neovim's built-in LSP client: diagnostics, quick fixes, completion and hover
-- for OpenClaw's pairing files (devices/paired.json, devices/pending.json, identity/device.json,
-- identity/device-auth.json and their *.migrated copies).
--
-- Install: copy this file to ~/.config/nvim/lua/openclaw-pairing.lua, then in init.lua:
--
--   require('openclaw-pairing').setup({
--     -- cmd = { 'openclaw-pairing-language-server', '--stdio' },  -- the default (npm install -g openclaw-pairing)
--     -- stateDir = '/srv/openclaw/state',  -- a state dir not named ~/.openclaw or ~/.openclaw-<profile>
--     -- requiredScopes = { 'operator.admin' },
--   })
--
-- Works on Neovim 0.7 (Debian 12) through 0.11+: vim.lsp.config/enable where it exists (0.11+), vim.lsp.start
-- (0.8–0.10), vim.lsp.start_client + buf_attach_client (0.7).
local M = {}

-- <dir>/<file> inside a state dir; the server decides exactly which files are pairing files (by path and the
-- stateDir setting), so this only keeps it away from unrelated JSON buffers.
local PAIRING_FILES = {
	['devices/paired.json'] = true,
	['devices/pending.json'] = true,
	['identity/device.json'] = true,
	['identity/device-auth.json'] = true,
}

--- The state dir a buffer's file would belong to, or nil when it is not named like a pairing file.
local function state_dir_of(path)
	local dir, sub, name = path:match('^(.*)/([^/]+)/([^/]+)$')
	if not dir then
		return nil
	end
	name = name:gsub('%.migrated$', '')
	if PAIRING_FILES[sub .. '/' .. name] then
		return dir
	end
	return nil
end

function M.setup(opts)
	opts = opts or {}
	local cmd = opts.cmd or { 'openclaw-pairing-language-server', '--stdio' }
	-- The server pulls the `openclawPairing` section with workspace/configuration (Neovim answers from `settings`);
	-- init_options carries the same for clients that do not.
	local section = { stateDir = opts.stateDir or '', requiredScopes = opts.requiredScopes or {} }
	local settings = { openclawPairing = section }

	if vim.lsp.config and vim.lsp.enable then
		vim.lsp.config('openclaw_pairing', {
			cmd = cmd,
			filetypes = { 'json', 'jsonc' },
			root_dir = function(bufnr, on_dir)
				local root = state_dir_of(vim.api.nvim_buf_get_name(bufnr))
				if root then
					on_dir(root)
				end
			end,
			settings = settings,
			init_options = section,
		})
		vim.lsp.enable('openclaw_pairing')
		return
	end

	local client_id
	local function attach(bufnr)
		local root = state_dir_of(vim.api.nvim_buf_get_name(bufnr))
		if not root then
			return
		end
		local config = { name = 'openclaw_pairing', cmd = cmd, root_dir = root, settings = settings, init_options = section }
		if vim.lsp.start then
			vim.lsp.start(config, { bufnr = bufnr })
			return
		end
		-- 0.7: one client for every pairing buffer (the server keys everything by document URI).
		if not (client_id and vim.lsp.get_client_by_id(client_id)) then
			client_id = vim.lsp.start_client(config)
		end
		if client_id then
			vim.lsp.buf_attach_client(bufnr, client_id)
		end
	end

	local group = vim.api.nvim_create_augroup('OpenClawPairing', { clear = true })
	vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
		group = group,
		pattern = { '*.json', '*.json.migrated' },
		callback = function(args)
			attach(args.buf)
		end,
	})
end

--- The server's preferred quick fix on the cursor line, applied without a menu where Neovim can (0.8+: code_action's
--- filter/apply). 0.7 has neither: there it opens the usual code-action menu.
function M.fix()
	if vim.fn.has('nvim-0.8') == 0 then
		vim.lsp.buf.code_action()
		return
	end
	vim.lsp.buf.code_action({
		filter = function(action)
			return action.isPreferred == true
		end,
		apply = true,
	})
end

return M

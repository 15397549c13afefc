//! Starts openclaw-pairing-language-server for Zed and hands it the `lsp.openclaw-pairing` settings.
use zed_extension_api::{self as zed, settings::LspSettings, LanguageServerId, Result};

const SERVER: &str = "openclaw-pairing-language-server";

struct OpenClawPairing;

impl zed::Extension for OpenClawPairing {
    fn new() -> Self {
        OpenClawPairing
    }

    fn language_server_command(&mut self, id: &LanguageServerId, worktree: &zed::Worktree) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree(id.as_ref(), worktree).ok().and_then(|s| s.binary);
        let args = binary
            .as_ref()
            .and_then(|b| b.arguments.clone())
            .unwrap_or_else(|| vec!["--stdio".into()]);
        // A bare name in binary.path is looked up on the worktree's PATH too, as it is without one.
        let command = match binary.and_then(|b| b.path) {
            Some(path) if path.contains('/') => path,
            Some(name) => worktree.which(&name).ok_or_else(|| format!("{name} not found on PATH"))?,
            None => worktree.which(SERVER).ok_or_else(|| {
                format!("{SERVER} not found on PATH: npm install -g openclaw-pairing, or set lsp.openclaw-pairing.binary.path")
            })?,
        };
        Ok(zed::Command {
            command,
            args,
            env: worktree.shell_env(),
        })
    }

    fn language_server_initialization_options(
        &mut self,
        id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<zed::serde_json::Value>> {
        Ok(LspSettings::for_worktree(id.as_ref(), worktree)
            .ok()
            .and_then(|s| s.initialization_options))
    }

    // Zed answers the server's workspace/configuration("openclawPairing") from this value's "openclawPairing" key.
    fn language_server_workspace_configuration(
        &mut self,
        id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<zed::serde_json::Value>> {
        Ok(LspSettings::for_worktree(id.as_ref(), worktree).ok().and_then(|s| s.settings))
    }
}

zed::register_extension!(OpenClawPairing);

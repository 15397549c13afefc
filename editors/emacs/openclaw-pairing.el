;;; openclaw-pairing.el --- OpenClaw pairing files checked through eglot  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "28.1") (eglot "1.9"))
;; SPDX-License-Identifier: MIT

;;; Commentary:

;; Diagnostics, quick fixes, completion and hover for OpenClaw's pairing files (devices/paired.json,
;; devices/pending.json, identity/device.json, identity/device-auth.json and their *.migrated copies) from the
;; OpenClaw Pairing language server (npm install -g openclaw-pairing).
;;
;;   (add-to-list 'load-path "/path/to/editors/emacs")
;;   (require 'openclaw-pairing)
;;   (add-hook 'openclaw-pairing-mode-hook #'eglot-ensure)
;;   ;; (setq openclaw-pairing-state-dir "/srv/openclaw/state")      ; a state dir with another name
;;   ;; (setq openclaw-pairing-required-scopes '("operator.admin"))
;;
;; Emacs 29+ has eglot built in; on Emacs 28 (Debian 12) install it: apt-get install elpa-eglot, or M-x package-install.
;; Quick fixes: M-x eglot-code-actions (or eglot-code-action-quickfix) on a diagnostic.

;;; Code:

(require 'eglot)

(defgroup openclaw-pairing nil
  "OpenClaw pairing files and their language server."
  :group 'tools
  :prefix "openclaw-pairing-")

(defcustom openclaw-pairing-server-command '("openclaw-pairing-language-server" "--stdio")
  "The language server's command line."
  :type '(repeat string))

(defcustom openclaw-pairing-state-dir ""
  "A state dir whose pairing files are checked, besides ~/.openclaw, ~/.openclaw-<profile> and $OPENCLAW_STATE_DIR."
  :type 'string)

(defcustom openclaw-pairing-required-scopes nil
  "Operator scopes every paired operator device must hold, e.g. (\"operator.admin\")."
  :type '(repeat string))

(defconst openclaw-pairing-file-regexp
  "/\\(?:devices/\\(?:paired\\|pending\\)\\|identity/device\\(?:-auth\\)?\\)\\.json\\(?:\\.migrated\\)?\\'"
  "File names the mode is for; the server decides which of them are in a state dir.")

(defun openclaw-pairing--settings ()
  "The `openclawPairing' settings section, as the server reads it."
  (list :stateDir openclaw-pairing-state-dir
        :requiredScopes (vconcat openclaw-pairing-required-scopes)))

(defalias 'openclaw-pairing--parent-mode (if (fboundp 'js-json-mode) #'js-json-mode #'js-mode))

;;;###autoload
(define-derived-mode openclaw-pairing-mode openclaw-pairing--parent-mode "OpenClaw-Pairing"
  "Major mode for OpenClaw pairing files, checked by the OpenClaw Pairing language server.")

;;;###autoload
(add-to-list 'auto-mode-alist (cons openclaw-pairing-file-regexp #'openclaw-pairing-mode))

;; A server class of its own, so the settings reach only this server and the user's
;; `eglot-workspace-configuration' (for other servers) is left alone.
(defclass openclaw-pairing-server (eglot-lsp-server) ()
  :documentation "The OpenClaw Pairing language server.")

(cl-defmethod eglot-initialization-options ((_server openclaw-pairing-server))
  "The settings, for a server that does not ask with workspace/configuration."
  (openclaw-pairing--settings))

(cl-defmethod eglot-handle-request ((_server openclaw-pairing-server) (_method (eql workspace/configuration)) &key items)
  "Answer the server's request for the `openclawPairing' section from the customizations."
  (apply #'vector
         (mapcar (lambda (item)
                   (if (equal (plist-get item :section) "openclawPairing") (openclaw-pairing--settings) nil))
                 items)))

(add-to-list 'eglot-server-programs
             `(openclaw-pairing-mode . ,(lambda (&optional _interactive)
                                         (cons 'openclaw-pairing-server openclaw-pairing-server-command))))

(provide 'openclaw-pairing)
;;; openclaw-pairing.el ends here

;;; driver.el --- drives Emacs + eglot through the OpenClaw Pairing LSP round trip  -*- lexical-binding: t; -*-

;; Run as `emacs -Q --batch -l driver.el'; emacs.test.ts asserts on the JSON it writes. Every wait polls a real condition
;; (a server, diagnostics, a changed buffer, cleared diagnostics) with `accept-process-output', which is what lets the
;; LSP messages in while it waits. Input (environment): OCP_CONFIG_DIR (editors/emacs), OCP_SERVER_CMD (JSON array),
;; OCP_STATE_DIR, OCP_FILE, OCP_RESULT, OCP_TIMEOUT_MS.

(require 'json)
(require 'cl-lib)
(require 'package)
;; Emacs 28 (Debian 12) gets eglot from the elpa-eglot package; 29+ has it built in.
(package-initialize)

(defvar ocp-result (list (cons 'steps nil)))
(defvar ocp-timeout (/ (string-to-number (or (getenv "OCP_TIMEOUT_MS") "30000")) 1000.0))

(defun ocp-put (key value) (setf (alist-get key ocp-result) value))
(defun ocp-step (name) (ocp-put 'steps (append (alist-get 'steps ocp-result) (list name))))

(defun ocp-wait (pred)
  "Poll PRED while letting process output in, up to `ocp-timeout' seconds; its last value."
  (let ((end (+ (float-time) ocp-timeout)))
    (while (and (not (funcall pred)) (< (float-time) end))
      (accept-process-output nil 0.02))
    (funcall pred)))

(defun ocp-diagnostics ()
  (mapcar (lambda (d)
            (let ((lsp (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d)))))
              (list (cons 'code (plist-get lsp :code))
                    (cons 'line (plist-get (plist-get (plist-get lsp :range) :start) :line))
                    (cons 'character (plist-get (plist-get (plist-get lsp :range) :start) :character))
                    (cons 'message (plist-get lsp :message)))))
          (flymake-diagnostics)))

(defun ocp-run ()
  (add-to-list 'load-path (getenv "OCP_CONFIG_DIR"))
  (require 'openclaw-pairing)
  (setq openclaw-pairing-server-command (append (json-read-from-string (getenv "OCP_SERVER_CMD")) nil))
  (setq openclaw-pairing-state-dir (getenv "OCP_STATE_DIR"))
  (add-hook 'openclaw-pairing-mode-hook #'eglot-ensure)
  (ocp-put (quote emacs) emacs-version)
  (find-file (getenv "OCP_FILE"))
  (ocp-put 'mode (symbol-name major-mode))
  ;; eglot-ensure connects from post-command-hook, after the command that visited the file; batch has no command loop.
  (run-hooks 'post-command-hook)
  (unless (ocp-wait (lambda () (eglot-current-server))) (error "eglot started no server for the buffer"))
  (ocp-step "attached")
  (unless (ocp-wait (lambda () (flymake-diagnostics))) (error "no diagnostics from the server"))
  (ocp-put 'diagnostics (ocp-diagnostics))
  (ocp-step "diagnostics")
  (let ((target (cl-find-if (lambda (d) (equal (plist-get (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d))) :code) "missing-scope"))
                            (flymake-diagnostics)))
        (tick (buffer-modified-tick)))
    (unless target (error "no missing-scope diagnostic to fix"))
    ;; The quick-fix menu: record what it offers and take its default, the server's preferred fix, as a user pressing RET.
    ;; A non-list last-nonmenu-event makes eglot use completing-read rather than a popup menu.
    (let ((last-nonmenu-event ?\r))
      (cl-letf (((symbol-function 'completing-read)
                 (lambda (_prompt collection &optional _pred _req _init _hist def &rest _)
                   (ocp-put 'offered (mapcar (lambda (item) (list (cons 'title (car item))
                                                                  (cons 'preferred (eq t (plist-get (cdr item) :isPreferred)))))
                                             collection))
                   def)))
        (eglot-code-actions (flymake-diagnostic-beg target) (flymake-diagnostic-end target) nil t)))
    (unless (ocp-wait (lambda () (/= tick (buffer-modified-tick)))) (error "the quick fix did not change the buffer")))
  (ocp-step "fixed")
  ;; Saving sends didChange + didSave (eglot's own change timer is an idle timer, which batch never runs).
  (save-buffer)
  (ocp-step "written")
  (ocp-put 'cleared (if (ocp-wait (lambda () (null (flymake-diagnostics)))) t :json-false))
  (ocp-put 'diagnosticsAfterFix (ocp-diagnostics)))

(condition-case err
    (progn (ocp-run) (ocp-put 'ok t))
  (error (ocp-put 'ok :json-false) (ocp-put 'error (error-message-string err))))
(with-temp-file (getenv "OCP_RESULT")
  (insert (json-encode ocp-result)))
(kill-emacs 0)
;;; driver.el ends here

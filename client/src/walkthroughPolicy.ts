// No vscode import: when the first-pairing walkthrough opens by itself, decided apart from the glue (walkthrough.ts).

export interface WalkthroughFacts {
	/** Opened by this extension before (remembered in globalState). */
	shownBefore: boolean;
	/** ExtensionMode.Test: the extension's own tests, which must not get an extra editor unless they ask for it. */
	testMode: boolean;
	/** workbench.welcomePage.walkthroughs.openOnInstall as the user set it; undefined when not set (default on). */
	openOnInstall: boolean | undefined;
}

/**
 * Once per install, as VS Code opens walkthroughs of extensions installed from the Marketplace, and never against the
 * user's own "open walkthroughs on install" setting. Tests get it only by setting that to true explicitly.
 */
export function shouldOpenWalkthrough(facts: WalkthroughFacts): boolean {
	if (facts.shownBefore || facts.openOnInstall === false) return false;
	return facts.testMode ? facts.openOnInstall === true : true;
}

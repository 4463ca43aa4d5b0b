'use strict';
// The n8n editor in Debian's Chromium, driven by playwright-core: launching it, finding things
// the way n8n's own tests do (data-test-id, roles, visible text), README screenshots, and what
// to keep when a step fails.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { chromium, selectors } = require('playwright-core');

const { REPO } = require('../../lib/pack');
const { CHROMIUM, CHROMIUM_ARGS } = require('../chromium');

/** README images are written only when asked (`npm run screenshots`), so CI leaves the tree clean. */
const SCREENSHOTS = process.env.UEM_UI_SCREENSHOTS === '1';
const IMAGES = path.join(REPO, 'docs', 'images');

/** How long one UI action or expectation may wait before the step fails. */
const ACTION_TIMEOUT_MS = 20_000;

/** One browser with one page, 1440×900 (README images at a size a reader can take in). */
async function launchEditorBrowser() {
	// n8n marks its elements with data-test-id, not playwright's default data-testid.
	selectors.setTestIdAttribute('data-test-id');
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: CHROMIUM_ARGS,
		timeout: 60_000,
	});
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
	context.setDefaultTimeout(ACTION_TIMEOUT_MS);
	context.setDefaultNavigationTimeout(60_000);
	const page = await context.newPage();
	return { browser, context, page };
}

/** Saves a README image (docs/images/<name>.png) when screenshots were asked for. */
async function readmeScreenshot(page, name) {
	if (!SCREENSHOTS) return undefined;
	fs.mkdirSync(IMAGES, { recursive: true });
	const file = path.join(IMAGES, `${name}.png`);
	// Let transitions and lazy icons settle; a hover must not end up in the picture.
	await page.mouse.move(2, 450);
	await page.waitForTimeout(800);
	// Toasts ("Node executed successfully") would cover the output: hidden in the picture only.
	await page.screenshot({
		path: file,
		animations: 'disabled',
		caret: 'hide',
		style: '.el-notification { display: none !important; }',
	});
	return file;
}

let failureFolder;

/**
 * Runs one step of a test; when it fails, keeps a screenshot and the visible test ids of the
 * page in a folder named in the error, so a failure on CI can be read without a browser.
 */
async function step(page, name, run) {
	try {
		return await run();
	} catch (error) {
		failureFolder ??= fs.mkdtempSync(path.join(os.tmpdir(), 'uem-ui-failure-'));
		const base = path.join(failureFolder, name.replace(/[^a-z0-9]+/gi, '-').toLowerCase());
		try {
			await page.screenshot({ path: `${base}.png`, timeout: 10_000 });
			fs.writeFileSync(`${base}.test-ids.txt`, (await visibleTestIds(page)).join('\n'));
		} catch {
			// the page may be gone; the error itself still says what failed
		}
		if (error instanceof Error) {
			const said = `${name}: ${error.message}\n(screenshot and test ids: ${base}.*)`;
			error.stack = error.stack?.replace(error.message, said);
			error.message = said;
		}
		throw error;
	}
}

/** `data-test-id | visible text` of every visible element that has one: for reading a failure. */
async function visibleTestIds(page) {
	return await page.evaluate(() =>
		[...document.querySelectorAll('[data-test-id]')]
			.filter((element) => element.offsetParent !== null)
			.map((element) => `${element.getAttribute('data-test-id')} | ${(element.innerText ?? '').slice(0, 80).replace(/\s+/g, ' ')}`),
	);
}

/** The open dropdown's options (Element Plus teleports them to <body>, one list per select). */
function visibleOptions(page) {
	return page.getByRole('option').filter({ visible: true });
}

/** Picks the option whose name is exactly `label` in the dropdown that is open. */
async function chooseOption(page, label) {
	await visibleOptions(page).filter({ has: page.getByText(label, { exact: true }) }).first().click();
}

/** The names of the options in the dropdown that is open (first line: the name, not its description). */
async function optionNames(page) {
	await visibleOptions(page).first().waitFor();
	return (await visibleOptions(page).allInnerTexts()).map((text) => text.split('\n')[0].trim());
}

/** An n8n parameter's text input, inside a dialog or the node panel. */
function parameterInput(scope, name) {
	return scope.getByTestId(`parameter-input-${name}`).locator('input, textarea').first();
}

/** The parameter row (label, input, collection) whose label reads `label`. */
function parameterItem(scope, label) {
	// The inner locator of `has` is matched inside each row, so it starts from the page.
	const page = 'page' in scope && typeof scope.page === 'function' ? scope.page() : scope;
	return scope
		.getByTestId('parameter-item')
		.filter({ has: page.getByTestId('input-label').getByText(label, { exact: true }) })
		.first();
}

/** An <img> that must be `suffix` and really loaded (naturalWidth > 0), not a broken image. */
async function loadedImage(image, suffix) {
	await image.waitFor();
	const deadline = Date.now() + ACTION_TIMEOUT_MS;
	for (;;) {
		const state = await image.evaluate((element) => ({
			src: element.currentSrc || element.src,
			complete: element.complete,
			width: element.naturalWidth,
		}));
		if (state.complete && state.src.endsWith(suffix)) return state;
		if (Date.now() > deadline) return state;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

module.exports = {
	ACTION_TIMEOUT_MS,
	SCREENSHOTS,
	chooseOption,
	launchEditorBrowser,
	loadedImage,
	optionNames,
	parameterInput,
	parameterItem,
	readmeScreenshot,
	step,
	visibleTestIds,
};

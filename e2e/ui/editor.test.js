'use strict';
// The editor experience, in Debian's Chromium against real n8n with the UEM simulator behind it:
// what someone setting the package up for the first time clicks through, in that order. With
// UEM_UI_SCREENSHOTS=1 (npm run screenshots) it also writes the README images to docs/images.

const { startSimulator } = require('../../simulator');
const { N8nInstance } = require('../lib/n8n');
const { DEMO_STATUS_MIX, WORKFLOWS, exampleFor, stage } = require('../lib/stage');
const {
	chooseOption,
	launchEditorBrowser,
	loadedImage,
	optionNames,
	parameterInput,
	parameterItem,
	readmeScreenshot,
	step,
} = require('./lib/editor');

const OWNER = { email: 'owner@example.com', firstName: 'Demo', lastName: 'Owner', password: 'Demo-Owner-2026' };
const LIGHT_ICON = '/workspaceOneUem.svg';
const DARK_ICON = '/workspaceOneUem.dark.svg';
const WRONG_SECRET = 'not-the-right-secret-123';

/** The nodes a manual run of the example reaches, read from the example file as it is now. */
function exampleRun(sim) {
	const workflow = exampleFor('failuresToSlack', sim);
	const manual = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	if (!manual) throw new Error(`${WORKFLOWS.failuresToSlack.file} has no Manual Trigger to run it from the editor`);
	const reached = [manual.name];
	for (let index = 0; index < reached.length; index++) {
		for (const output of workflow.connections[reached[index]]?.main ?? []) {
			for (const link of output ?? []) if (!reached.includes(link.node)) reached.push(link.node);
		}
	}
	const uemNodes = workflow.nodes.filter((node) => node.type.endsWith('.workspaceOneUem')).map((node) => node.name);
	return { trigger: manual.name, reached, uemNodes };
}

describe('the editor experience in a real browser', () => {
	let sim;
	let n8n;
	let browser;
	let page;
	/** The name n8n gave the credential created in the dialog. */
	let credentialName;
	/** The simulator's devices that Device → Search put in the table. */
	let searchedDevices = [];

	beforeAll(async () => {
		// Enough devices for a realistic share of failed profile installs, answering quickly.
		sim = await startSimulator({ devices: 300, statusMix: DEMO_STATUS_MIX, faults: { latencyMs: 2 } });
		n8n = await N8nInstance.create();
		await stage(n8n, sim);
		await n8n.start();
		({ browser, page } = await launchEditorBrowser());
		// Leaving a page with unsaved changes asks first; say yes.
		page.on('dialog', (dialog) => dialog.accept().catch(() => undefined));
	}, 300_000);

	afterAll(async () => {
		await browser?.close().catch(() => undefined);
		await n8n?.dispose();
		await sim?.close();
	}, 60_000);

	const canvasNode = (name) => page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
	const ndv = () => page.getByTestId('ndv');
	const outputPanel = () => ndv().getByTestId('output-panel');

	/** In the node panel: the credential created in the dialog, not the imported one. */
	async function useCreatedCredential() {
		await ndv().getByTestId('node-credentials-select').click();
		await chooseOption(page, credentialName);
		await ndv().getByTestId('node-credentials-select').locator('input').first().waitFor();
		expect(await ndv().getByTestId('node-credentials-select').locator('input').first().inputValue()).toBe(credentialName);
	}

	/**
	 * Opens the package's entry in the nodes panel that is open, found by searching, with its
	 * actions shown (as a first step n8n lists the triggers first and folds the actions away).
	 */
	async function openUemInNodesPanel() {
		await page.getByTestId('node-creator-search-bar').fill('Workspace ONE');
		await page.getByTestId('node-creator-item-name').getByText('Workspace ONE UEM', { exact: true }).click();
		const actions = page.getByTestId('node-creator-item-name');
		await page.getByTestId('node-creator-category-item').filter({ hasText: /^\s*Actions/ }).waitFor();
		if (!(await actions.getByText('Search devices', { exact: true }).isVisible())) {
			await page.getByTestId('node-creator-category-item').filter({ hasText: /^\s*Actions/ }).click();
		}
		await actions.getByText('Search devices', { exact: true }).waitFor();
		return actions;
	}

	it('sets up the owner account in n8n’s own setup form', async () => {
		await step(page, 'owner setup', async () => {
			await page.goto(n8n.url);
			await page.waitForURL(/\/setup/);
			const form = page.getByTestId('setup-form');
			await form.getByTestId('email').locator('input').fill(OWNER.email);
			await form.getByTestId('firstName').locator('input').fill(OWNER.firstName);
			await form.getByTestId('lastName').locator('input').fill(OWNER.lastName);
			await form.getByTestId('password').locator('input').fill(OWNER.password);
			await form.getByTestId('form-submit-button').click();
			await page.waitForURL((url) => !/\/(setup|signin)/.test(url.pathname));
			await page.getByTestId('project-home-menu-item').waitFor();
		});
		// The same owner through REST (a login now, the setup being done), for checks the page cannot show.
		await n8n.signIn(OWNER);
	});

	it('tests the credential in its dialog: success, then the specific message for a wrong secret', async () => {
		const dialog = page.getByTestId('editCredential-modal');
		await step(page, 'credential dialog', async () => {
			await page.goto(`${n8n.url}/home/credentials`);
			await page.getByTestId('add-resource-credential').click();
			await page.getByTestId('new-credential-type-select').locator('input').fill('Workspace ONE');
			await page.getByTestId('new-credential-type-select-option').filter({ hasText: 'Workspace ONE UEM API' }).click();
			await page.getByTestId('new-credential-type-button').click();
			await dialog.waitFor();
			credentialName = (await dialog.getByTestId('credential-name').innerText()).trim();

			await parameterInput(dialog, 'apiUrl').fill(sim.url);
			await dialog.getByTestId('parameter-input-region').click();
			await chooseOption(page, 'Custom URL');
			await parameterInput(dialog, 'tokenUrl').fill(sim.tokenUrl);
			await parameterInput(dialog, 'clientId').fill(sim.clients[0].clientId);
			await parameterInput(dialog, 'clientSecret').fill(sim.clients[0].clientSecret);
			await dialog.getByTestId('credential-save-button').click();
		});
		await step(page, 'credential test succeeds', async () => {
			const success = dialog.getByTestId('credentials-config-container-test-success');
			await success.waitFor();
			expect(await success.innerText()).toContain('Connection tested successfully');
			await readmeScreenshot(page, 'credential-dialog');
		});
		await step(page, 'credential test names a wrong secret', async () => {
			await parameterInput(dialog, 'clientSecret').fill(WRONG_SECRET);
			await dialog.getByTestId('credential-save-button').click();
			await dialog.getByText(/Couldn.t connect with these settings/).waitFor();
			await dialog.getByText('More details').click();
			const message = dialog.getByText(/rejected the client ID or client secret/);
			await message.waitFor();
			expect(await message.innerText()).toMatch(
				/^The token endpoint 127\.0\.0\.1:\d+ rejected the client ID or client secret \(HTTP 400, invalid_client\)\. Check the client ID and secret/,
			);
			expect(await dialog.innerText()).not.toContain(WRONG_SECRET);
		});
		await step(page, 'credential fixed again', async () => {
			await parameterInput(dialog, 'clientSecret').fill(sim.clients[0].clientSecret);
			await dialog.getByTestId('credential-save-button').click();
			await dialog.getByTestId('credentials-config-container-test-success').waitFor();
			await page.keyboard.press('Escape');
			await dialog.waitFor({ state: 'hidden' });
		});
		const stored = await n8n.rest('GET', '/credentials');
		expect(stored.map((credential) => credential.name)).toContain(credentialName);
	});

	it('adds the node from the nodes panel, with its light icon and its actions', async () => {
		await step(page, 'nodes panel', async () => {
			await page.goto(`${n8n.url}/workflow/new`);
			await page.getByTestId('canvas-add-button').click();
			await page.getByTestId('node-creator-search-bar').fill('Workspace ONE');
			await page.getByTestId('node-creator-item-name').getByText('Workspace ONE UEM', { exact: true }).waitFor();
			const icon = await loadedImage(page.getByTestId('node-creator').locator('img[src*="workspaceOneUem"]').first(), LIGHT_ICON);
			expect(icon.src.endsWith(LIGHT_ICON)).toBe(true);
			expect(icon.width).toBeGreaterThan(0);

			const actions = await openUemInNodesPanel();
			const expected = [
				'Get a device',
				'Search devices',
				'Send a command to a device',
				'Delete a device',
				'Get profile status of a device',
				'Get profile status across the fleet',
				'Install a profile on a device',
				'Remove a profile from a device',
			];
			// The panel renders its 22 actions group by group: read them once the last group is there.
			for (const name of expected) await actions.getByText(name, { exact: true }).waitFor({ state: 'attached' });
			expect(await actions.allInnerTexts()).toEqual(expect.arrayContaining(expected));
			await readmeScreenshot(page, 'node-actions');
			await actions.getByText('Search devices', { exact: true }).click();
			await ndv().waitFor();
		});
	});

	it('Device → Search: shows its filters, runs against the simulator and shows the devices in a table', async () => {
		await step(page, 'device search filters', async () => {
			await useCreatedCredential();
			await parameterItem(ndv(), 'Filters').getByTestId('collection-parameter-add').click();
			expect(await optionNames(page)).toEqual(
				expect.arrayContaining([
					'Compliance Status',
					'Last Seen',
					'Model',
					'Organization Group',
					'Ownership',
					'Platform',
					'Seen Since',
					'User Name',
				]),
			);
			await chooseOption(page, 'Platform');
			await ndv().getByTestId('parameter-input-platform').waitFor();
			await parameterInput(ndv(), 'limit').fill('5');
		});
		await step(page, 'device search run', async () => {
			await ndv().getByTestId('node-execute-button').click();
			await outputPanel().getByTestId('ndv-items-count').getByText('5 items').waitFor({ timeout: 60_000 });
			await outputPanel().getByTestId('radio-button-table').click();
			const table = outputPanel().getByTestId('ndv-data-container').getByRole('table');
			await table.waitFor();
			const text = await table.innerText();
			const shown = sim.fleet.devices.filter((device) => text.includes(device.serialNumber));
			expect(shown).toHaveLength(5);
			expect(shown.map((device) => device.platform)).toEqual(Array(5).fill('Apple'));
			searchedDevices = shown;
			await readmeScreenshot(page, 'node-device-search');
			await ndv().getByTestId('ndv-close-button').click();
			await ndv().waitFor({ state: 'hidden' });
		});
	});

	it('Profile → Get Status: shows its notice and options, runs per device, and hints at throttling and token renewal', async () => {
		expect(searchedDevices).toHaveLength(5);
		const searchNode = 'Search devices';
		await step(page, 'profile status node', async () => {
			await canvasNode(searchNode).hover();
			await canvasNode(searchNode).getByTestId('canvas-handle-plus').click();
			const actions = await openUemInNodesPanel();
			await actions.getByText('Get profile status of a device', { exact: true }).click();
			await ndv().waitFor();
			await useCreatedCredential();
			await ndv().getByText(/one request per input item/i).waitFor();
			await parameterItem(ndv(), 'Options').getByTestId('collection-parameter-add').click();
			expect(await optionNames(page)).toEqual(
				expect.arrayContaining([
					'Only Not Installed',
					'Only Statuses',
					'Profile Name Contains',
					'Device Without Profiles',
					'If Device Not Found',
					'Concurrency',
					'Requests Per Minute',
				]),
			);
			await page.keyboard.press('Escape');
		});

		// The run meets one 429 (Retry-After: 1 s), and while it waits, every token is revoked:
		// its retry gets a 401 and the node renews the token. Both must show as hints.
		const throttledBefore = sim.counters.faults.throttled;
		sim.faults.burst429(1);
		let revoked = false;
		const watcher = setInterval(() => {
			if (!revoked && sim.counters.faults.throttled > throttledBefore) {
				revoked = true;
				sim.tokenService.revoke();
			}
		}, 5);
		try {
			await step(page, 'profile status run', async () => {
				await ndv().getByTestId('node-execute-button').click();
				const expected = searchedDevices.reduce((sum, device) => sum + device.assignments.length, 0);
				await outputPanel().getByTestId('ndv-items-count').getByText(`${expected} items`).waitFor({ timeout: 60_000 });
				await outputPanel().getByTestId('radio-button-table').click();
				const header = await outputPanel().getByTestId('ndv-data-container').getByRole('table').locator('thead').innerText();
				for (const column of ['deviceId', 'deviceName', 'name', 'status', 'installed']) expect(header).toContain(column);

				const hints = outputPanel().getByTestId('run-data-hints');
				await hints.getByText(/UEM throttled 1 request of this run \(HTTP 429\)/).waitFor();
				await hints.getByText(/access token was renewed (1 time|\d+ times) during this run, including after UEM refused/).waitFor();
				await readmeScreenshot(page, 'node-profile-status');
				await ndv().getByTestId('ndv-close-button').click();
				await ndv().waitFor({ state: 'hidden' });
			});
		} finally {
			clearInterval(watcher);
		}
		expect(revoked).toBe(true);
	});

	/** A new workflow with one UEM node, added through the nodes panel by its action, with the created credential. */
	async function newNodeFor(action) {
		await page.goto(`${n8n.url}/workflow/new`);
		await page.getByTestId('canvas-add-button').click();
		const actions = await openUemInNodesPanel();
		await actions.getByText(action, { exact: true }).click();
		await ndv().waitFor();
		await useCreatedCredential();
	}

	/** Types into an input whose test id sits on the input itself in some n8n versions, on its wrapper in others. */
	async function fillIn(field, text) {
		await (await inputOf(field)).fill(text);
	}

	/** The text box of a field: the field itself, or the first one inside it. */
	async function inputOf(field) {
		const isInput = await field.first().evaluate((element) => element.tagName === 'INPUT' || element.tagName === 'TEXTAREA');
		return isInput ? field.first() : field.locator('input, textarea').first();
	}

	/** A picker (resource locator) of the node panel, by its parameter's name. */
	const picker = (name) => ndv().getByTestId(`resource-locator-${name}`);

	/** Switches a picker to a mode ("From List", "By ID", …) when it is in another. */
	async function pickerMode(name, mode) {
		// A default that reads the item before is an expression: the list needs the Fixed mode.
		const fixed = ndv().getByTestId(`${name}-parameter-input-options-container`).getByTestId('radio-button-fixed');
		if (await fixed.isVisible()) await fixed.click();
		await picker(name).getByTestId('rlc-mode-selector').click();
		// n8n writes the modes in sentence case ("From list", "By serial number").
		await page.getByRole('option').filter({ visible: true }).filter({ hasText: new RegExp(`^\\s*${mode}\\s*$`, 'i') }).first().click();
		// The picker re-renders for its new mode; typing before that ends keeps only the first keystroke
		// (seen: the run sent "S" for a whole serial number). Wait until the selector names the mode.
		const selector = picker(name).getByTestId('rlc-mode-selector').locator('input');
		for (let tries = 0; tries < 50 && !new RegExp(`^${mode}$`, 'i').test(await selector.inputValue()); tries++) await page.waitForTimeout(100);
		await page.waitForTimeout(300);
	}

	/** Opens a picker's list, searches it and picks the entry whose name contains `entry`; returns the entries it showed. */
	async function pickFromList(name, search, entry, screenshot) {
		await picker(name).getByTestId('rlc-input').click();
		// The list opens in a popover of its own, outside the parameter.
		const searchBox = page.getByTestId('rlc-search').filter({ visible: true });
		await searchBox.waitFor();
		if (search !== undefined) await fillIn(searchBox, search);
		const items = page.getByTestId('rlc-item').filter({ visible: true });
		const item = items.filter({ hasText: entry }).first();
		await item.waitFor();
		const shown = await items.allInnerTexts();
		if (screenshot) await readmeScreenshot(page, screenshot);
		await item.click();
		return shown;
	}

	/** Executes the node; the output's JSON as text (the first items: the view shows a window of a long output). */
	async function runNodeAndRead(items) {
		await ndv().getByTestId('node-execute-button').click();
		const count = outputPanel().getByTestId('ndv-items-count');
		const expected = items === undefined ? count : count.getByText(`${items} item${items === 1 ? '' : 's'}`);
		// A run that ends in an error shows n8n's error view instead of a count: fail with its text at once.
		// A run n8n refuses to start (a required parameter missing) says so in a notification.
		const error = outputPanel().getByTestId('node-error-message').or(page.locator('.el-notification').filter({ hasText: 'cannot start' }));
		await expected.or(error).first().waitFor({ timeout: 60_000 });
		if (await error.first().isVisible()) throw new Error(`the node did not run in the editor: ${await error.first().innerText()}`);
		await outputPanel().getByTestId('radio-button-json').click();
		await outputPanel().getByTestId('ndv-data-container').filter({ hasText: '"' }).waitFor();
		// The JSON view breaks lines between a key and its value: one space, as JSON.stringify with an indent reads.
		return (await outputPanel().getByTestId('ndv-data-container').innerText()).replace(/\s+/g, ' ');
	}

	async function closeNode() {
		await ndv().getByTestId('ndv-close-button').click();
		await ndv().waitFor({ state: 'hidden' });
	}

	it('picks a device From List by its serial number, and gets it simplified', async () => {
		const device = sim.fleet.devices[42];
		await step(page, 'device picker', async () => {
			await newNodeFor('Get a device');
			const shown = await pickFromList('device', device.serialNumber, device.serialNumber, 'picker-device');
			expect(shown[0]).toContain(device.serialNumber);
		});
		await step(page, 'device picker run', async () => {
			const output = await runNodeAndRead();
			expect(output).toContain(`"deviceId": ${device.id}`);
			expect(output).toContain(`"serialNumber": "${device.serialNumber}"`);
			await closeNode();
		});
	});

	it('picks a profile From List for Install on Device, and shows the dry run', async () => {
		const profile = sim.fleet.profiles.find((candidate) => candidate.name === 'Wi-Fi - Corporate');
		const device = sim.fleet.devices[7];
		await step(page, 'profile picker', async () => {
			await newNodeFor('Install a profile on a device');
			await pickerMode('profile', 'From List');
			await pickFromList('profile', 'Wi-Fi', profile.name);
			await pickerMode('device', 'By Serial Number');
			const serial = await inputOf(picker('device').getByTestId('rlc-input'));
			// Filled in at once, once the picker has settled in its new mode (see pickerMode). Typed key by
			// key, only the first key reached the parameter in this browser (the run sent "S"): not yet
			// explained; a person typing in the editor is not known to be affected.
			await serial.fill(device.serialNumber);
			// The picker keeps a typed value when the field loses the focus.
			await page.keyboard.press('Tab');
			expect(await serial.inputValue()).toBe(device.serialNumber);
		});
		await step(page, 'profile picker run', async () => {
			const output = await runNodeAndRead();
			expect(output).toContain(`"wouldSend": "POST /api/mdm/profiles/${profile.id}/install"`);
			expect(output).toContain(`"SerialNumber": "${device.serialNumber}"`);
			await closeNode();
		});
	});

	it('picks an organization group for Tag Search and a tag for List Devices', async () => {
		const emea = sim.fleet.groups.find((group) => group.name === 'EMEA');
		await step(page, 'organization group picker', async () => {
			await newNodeFor('Search tags');
			const shown = await pickFromList('organizationGroup', undefined, 'EMEA');
			expect(shown.map((text) => text.split('(')[0].trim())).toEqual(sim.fleet.groups.map((group) => group.name));
			// EMEA sees its own tag besides the root group's: one more than the OAuth client's group.
			const expected = sim.fleet.tagsVisibleIn(emea.id);
			expect(expected.length).toBeGreaterThan(sim.fleet.tagsVisibleIn(sim.fleet.groups[0].id).length);
			const output = await runNodeAndRead(expected.length);
			expect(output).toContain(`"TagName": "${expected[0].name}"`);
			await closeNode();
		});
		const tag = sim.fleet.tags.find((candidate) => candidate.name === 'Offboarding');
		await step(page, 'tag picker', async () => {
			await newNodeFor('List the devices of a tag');
			await pickFromList('tag', 'Off', 'Offboarding', 'picker-tag');
			const output = await runNodeAndRead();
			expect(output).toContain(`"tagId": ${tag.id}`);
			await closeNode();
		});
	});

	it('runs a Custom API Call from the editor, through the node’s own token', async () => {
		await step(page, 'custom api call', async () => {
			await newNodeFor('Make a custom API call');
			await parameterInput(ndv(), 'path').fill('/api/system/info');
			const output = await runNodeAndRead();
			expect(output).toContain('"ProductName": "Workspace ONE UEM"');
			await readmeScreenshot(page, 'custom-api-call');
			await closeNode();
		});
	});

	it('shows the dark icon under the dark theme, in the nodes panel and on the canvas', async () => {
		const { uemNodes } = exampleRun(sim);
		try {
			await step(page, 'dark theme icons', async () => {
				await page.evaluate(() => localStorage.setItem('N8N_THEME', 'dark'));
				await page.goto(`${n8n.url}/workflow/${WORKFLOWS.failuresToSlack.id}`);
				for (const name of uemNodes) {
					const icon = await loadedImage(canvasNode(name).locator('img').first(), DARK_ICON);
					expect(icon.src.endsWith(DARK_ICON)).toBe(true);
					expect(icon.width).toBeGreaterThan(0);
				}
				await page.getByTestId('node-creator-plus-button').click();
				await page.getByTestId('node-creator-search-bar').fill('Workspace ONE');
				await page.getByTestId('node-creator-item-name').getByText('Workspace ONE UEM', { exact: true }).waitFor();
				const icon = await loadedImage(page.getByTestId('node-creator').locator('img[src*="workspaceOneUem"]').first(), DARK_ICON);
				expect(icon.src.endsWith(DARK_ICON)).toBe(true);
				expect(icon.width).toBeGreaterThan(0);
				await page.keyboard.press('Escape');
			});
		} finally {
			await page.evaluate(() => localStorage.setItem('N8N_THEME', 'light')).catch(() => undefined);
		}
	});

	it('opens the failures-to-Slack example and executes it from the editor', async () => {
		const { trigger, reached, uemNodes } = exampleRun(sim);
		const held = sim.fleet.notInstalled().length;
		expect(held).toBeGreaterThan(0);
		sim.slack.clear();
		await step(page, 'example workflow', async () => {
			await page.goto(`${n8n.url}/workflow/${WORKFLOWS.failuresToSlack.id}`);
			await canvasNode(trigger).hover();
			await page.getByTestId(`execute-workflow-button-${trigger}`).click();
			for (const name of reached) {
				await canvasNode(name).getByTestId('canvas-node-status-success').waitFor({ timeout: 120_000 });
			}
			await page.getByTestId('zoom-to-fit').click();
			await readmeScreenshot(page, 'example-workflow');
		});
		expect(sim.slack.messages.length).toBeGreaterThan(0);
		expect(sim.slack.messages[0].text).toContain(`${held} profile installs not confirmed`);

		// The example's last UEM node lists the failures: one item per profile not installed.
		const lastUemNode = uemNodes.filter((name) => reached.includes(name)).pop();
		await step(page, 'example workflow output', async () => {
			await canvasNode(lastUemNode).dblclick();
			await ndv().waitFor();
			await outputPanel().getByTestId('ndv-items-count').getByText(`${held} items`).waitFor();
			await outputPanel().getByTestId('radio-button-table').click();
			await outputPanel().getByTestId('ndv-data-container').getByRole('table').waitFor();
			// The picture shows the schema view: one failure's fields, readable at a glance.
			await outputPanel().getByTestId('radio-button-schema').click();
			await outputPanel().getByText('deviceName', { exact: true }).first().waitFor();
			await readmeScreenshot(page, 'example-failures-output');
			await ndv().getByTestId('ndv-close-button').click();
			await ndv().waitFor({ state: 'hidden' });
		});
	});
});

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** The platforms of UEM's device search, as its `platform` parameter names them. */
export const PLATFORM_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Android', value: 'Android' },
	{ name: 'Apple iOS / iPadOS', value: 'Apple' },
	{ name: 'Apple macOS', value: 'AppleOsX' },
	{ name: 'Apple tvOS', value: 'AppleTv' },
	{ name: 'ChromeOS', value: 'ChromeOS' },
	{ name: 'Linux', value: 'Linux' },
	{ name: 'Windows Desktop', value: 'WinRT' },
];

/** The Platform filter of device search, shared by Device › Search and the trigger. */
export const platformFilter: INodeProperties = {
	displayName: 'Platform',
	name: 'platform',
	type: 'options',
	default: 'Apple',
	options: PLATFORM_OPTIONS,
	description: 'Only devices of this platform',
};

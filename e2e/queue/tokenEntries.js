'use strict';
// Reading and forging the node's token cache as n8n saved it in workflow static data, with the
// package's own sealing functions (from the built dist/): for checking that what a worker left
// behind is usable, and for planting entries another writer might have left.

const path = require('node:path');

const { REPO } = require('../lib/pack');

const STATIC_DATA_KEY = 'workspaceOneUemTokens';

function tokenCrypto() {
	return require(path.join(REPO, 'dist', 'nodes', 'WorkspaceOneUem', 'transport', 'tokenCrypto.js'));
}

/** The cache entries (key → sealed entry) in a workflow's static data. */
function cacheEntries(staticData) {
	return staticData?.global?.[STATIC_DATA_KEY] ?? {};
}

function associated(key, entry) {
	return `${key}|${entry.expiresAt}|${entry.renewAt}`;
}

/** The token in an entry, or undefined when this secret cannot open it. */
function openEntry(key, entry, secret) {
	return tokenCrypto().openToken(entry, secret, associated(key, entry));
}

/** An entry as the node writes it, sealed with `secret`. */
function sealEntry(key, token, secret, { expiresAt, renewAt }) {
	const entry = { v: 1, expiresAt, renewAt };
	return { ...entry, ...tokenCrypto().sealToken(token, secret, associated(key, entry)) };
}

/** Static data holding just this cache entry. */
function staticDataWith(key, entry) {
	return { global: { [STATIC_DATA_KEY]: { [key]: entry } } };
}

module.exports = { STATIC_DATA_KEY, cacheEntries, openEntry, sealEntry, staticDataWith };

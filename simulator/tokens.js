'use strict';
// The tenant's OAuth token service: client-credentials exchange, opaque random tokens with a
// lifetime the test chooses, revocation, and knobs that make the endpoint misbehave on purpose.

const crypto = require('node:crypto');

/**
 * @param {{clients: Array<{clientId: string, clientSecret: string}>, lifetimeSeconds: number}} options
 */
function createTokenService(options) {
	/** @type {Map<string, {clientId: string, expiresAt: number}>} */
	const tokens = new Map();
	/** Every token ever issued, revoked ones too: tests look for them where none may be. */
	const issued = [];
	const state = {
		clients: options.clients,
		lifetimeSeconds: options.lifetimeSeconds,
		/** Until this time (ms since epoch) the endpoint answers 503, as during an outage. */
		downUntil: 0,
		/**
		 * Overrides of the response body, for the bad-input matrix. `expiresIn: 'omit'` drops the field.
		 * @type {{omitAccessToken: boolean, expiresIn: unknown, tokenType: string}}
		 */
		response: { omitAccessToken: false, expiresIn: undefined, tokenType: 'Bearer' },
		/** Play a careless server that echoes the secret it was sent in its error description. */
		echoSecretInErrors: false,
		/**
		 * This many of the next tokens are issued already revoked: a revocation that lands just
		 * after a renewal, so the replacement is refused before it was ever answered.
		 */
		issueRevoked: 0,
		exchanges: 0,
		rejections: 0,
		outageRefusals: 0,
	};

	return {
		state,

		/**
		 * Answer one token request. `form` is the parsed form body; `basic` the client from an
		 * HTTP Basic header, when one was sent (RFC 6749 allows either).
		 * @returns {{status: number, body: object | null}}
		 */
		exchange(form, basic) {
			if (Date.now() < state.downUntil) {
				state.outageRefusals++;
				return { status: 503, body: { error: 'temporarily_unavailable' } };
			}
			if (form.grant_type !== 'client_credentials') {
				state.rejections++;
				return { status: 400, body: { error: 'unsupported_grant_type' } };
			}
			const clientId = basic?.clientId ?? form.client_id;
			const clientSecret = basic?.clientSecret ?? form.client_secret;
			const client = state.clients.find((c) => c.clientId === clientId);
			if (!client || !safeEqual(client.clientSecret, clientSecret ?? '')) {
				state.rejections++;
				/** @type {{error: string, error_description?: string}} */
				const body = { error: 'invalid_client' };
				if (state.echoSecretInErrors) body.error_description = `client_secret '${clientSecret}' is not valid`;
				return { status: 400, body };
			}
			state.exchanges++;
			const accessToken = crypto.randomBytes(32).toString('base64url');
			if (state.issueRevoked > 0) state.issueRevoked--;
			else tokens.set(accessToken, { clientId, expiresAt: Date.now() + state.lifetimeSeconds * 1000 });
			issued.push(accessToken);
			const body = { access_token: accessToken, token_type: state.response.tokenType, expires_in: state.lifetimeSeconds };
			if (state.response.omitAccessToken) delete body.access_token;
			if (state.response.expiresIn === 'omit') delete body.expires_in;
			else if (state.response.expiresIn !== undefined) body.expires_in = state.response.expiresIn;
			return { status: 200, body };
		},

		/** @returns {'valid' | 'expired' | 'unknown'} */
		verify(token) {
			const entry = tokens.get(token);
			if (!entry) return 'unknown';
			return Date.now() < entry.expiresAt ? 'valid' : 'expired';
		},

		/** Revoke one token, or every token issued so far. Returns how many were revoked. */
		revoke(token) {
			if (token !== undefined) return tokens.delete(token) ? 1 : 0;
			const count = tokens.size;
			tokens.clear();
			return count;
		},

		liveTokens: () => [...tokens.keys()],
		/** When the newest token expires (ms since the epoch), or 0 when none is live. */
		newestExpiry: () => Math.max(0, ...[...tokens.values()].map((entry) => entry.expiresAt)),
		issuedTokens: () => [...issued],
	};
}

function safeEqual(expected, given) {
	const a = Buffer.from(String(expected));
	const b = Buffer.from(String(given));
	return a.length === b.length && crypto.timingSafeEqual(a, b);
}

module.exports = { createTokenService };

/** What a masked secret reads as in an error. */
export const MASK = '***';

/** Shorter values are not masked: masking two or three characters would garble every message. */
const MIN_MASKED_LENGTH = 4;

function escapeForRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The forms in which a server may echo a value back: as it is, URL-encoded (a query string or a
 * Location), form-encoded (the token request's own body), JSON-escaped.
 */
function echoedForms(secret: string): string[] {
	const form = new URLSearchParams({ v: secret }).toString().slice(2);
	const json = JSON.stringify(secret).slice(1, -1);
	return [...new Set([secret, encodeURIComponent(secret), form, json, json.replace(/\//g, '\\/')])];
}

/**
 * The secrets of one run: the client secret, the tenant code and every token the run has held.
 * Error texts that quote a server are masked with it before they are cut short, so that no part
 * of a secret survives (execution data is visible to people who cannot see the credential).
 */
export class Secrets {
	private readonly known = new Set<string>();
	private pattern: RegExp | undefined;

	constructor(values: Iterable<string> = []) {
		for (const value of values) this.add(value);
	}

	add(value: string): void {
		if (value.length < MIN_MASKED_LENGTH || this.known.has(value)) return;
		this.known.add(value);
		this.pattern = undefined;
	}

	/** The text with every known secret, in any of its echoed forms, replaced by `***`. */
	mask(text: string): string {
		if (this.known.size === 0) return text;
		this.pattern ??= this.compile();
		return text.replace(this.pattern, MASK);
	}

	private compile(): RegExp {
		// Longest first, so that a secret inside a longer one (a token containing it) goes whole.
		const forms = [...this.known].flatMap(echoedForms).sort((a, b) => b.length - a.length);
		// Percent-escapes may come back in either case (%2F or %2f).
		const alternatives = forms.map((form) =>
			escapeForRegExp(form).replace(/%([0-9A-F])([0-9A-F])/g, (_m, a: string, b: string) => `%[${a}${a.toLowerCase()}][${b}${b.toLowerCase()}]`),
		);
		return new RegExp(alternatives.join('|'), 'g');
	}
}

/**
 * UEM's profile status codes. Real answers send integers, the 2604 spec a string enum: both are
 * read. 0–7 follow the spec's order (confirmed by field reports); 8 and 9 come from field
 * reports only. An unknown code or name is kept as it came, never dropped.
 */
export const PROFILE_STATUS_NAMES: Readonly<Record<number, string>> = {
	0: 'Unknown',
	1: 'PendingInstall',
	2: 'UnconfirmedInstall',
	3: 'ConfirmedInstall',
	4: 'PendingRemoval',
	5: 'UnconfirmedRemoval',
	6: 'ConfirmedRemoval',
	7: 'PendingInformation',
	8: 'NotSupported',
	9: 'Corrupted',
};

/** Names that mean a version of the profile is on the device (the last two occur only as strings). */
const INSTALLED_NAMES = new Set(['confirmedinstall', 'installedbutnotassigned', 'outofdate']);

export interface ProfileStatus {
	/** The integer code, or null when UEM sent a name we cannot map to one. */
	statusCode: number | null;
	/** Readable name; unknown codes read "Unrecognised (12)". */
	status: string;
	installed: boolean;
}

const CODE_BY_NAME = new Map(Object.entries(PROFILE_STATUS_NAMES).map(([code, name]) => [name.toLowerCase(), Number(code)]));

export function readProfileStatus(raw: unknown): ProfileStatus {
	const numeric = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : undefined;
	if (numeric !== undefined) {
		const name = PROFILE_STATUS_NAMES[numeric];
		return { statusCode: numeric, status: name ?? `Unrecognised (${numeric})`, installed: numeric === 3 };
	}
	if (typeof raw === 'string' && raw.trim() !== '') {
		const name = raw.trim();
		const code = CODE_BY_NAME.get(name.toLowerCase());
		return {
			statusCode: code ?? null,
			status: code === undefined ? name : PROFILE_STATUS_NAMES[code],
			installed: INSTALLED_NAMES.has(name.toLowerCase()),
		};
	}
	return { statusCode: null, status: 'Missing', installed: false };
}

export const PROFILE_STATUS_OPTIONS = Object.values(PROFILE_STATUS_NAMES).map((name) => ({
	name: name.replace(/([a-z])([A-Z])/g, '$1 $2'),
	value: name,
}));

/** The statuses a profile that is not installed can be in: what "Only Statuses" filters choose from. */
export const NOT_INSTALLED_STATUS_OPTIONS = PROFILE_STATUS_OPTIONS.filter((option) => option.value !== 'ConfirmedInstall');

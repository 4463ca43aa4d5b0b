'use strict';
// The benchmark's chart: wall time per approach and fleet size, as horizontal bars on a log scale
// (the approaches differ by orders of magnitude), in plain SVG so the README shows it anywhere.

const ROW_HEIGHT = 26;
const LABEL_WIDTH = 300;
const BAR_WIDTH = 420;
const COLOURS = ['#9aa5b1', '#d08c60', '#4f86c6', '#2e9e6a'];

function escape(text) {
	return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function duration(seconds) {
	if (seconds >= 3600) return `${(seconds / 3600).toFixed(1)} h`;
	if (seconds >= 120) return `${(seconds / 60).toFixed(1)} min`;
	return `${seconds.toFixed(1)} s`;
}

/**
 * @param {Array<{size: number, rows: Array<{label: string, seconds: number, estimated?: boolean}>}>} groups
 * @param {string} caption
 */
function benchmarkChart(groups, caption) {
	const all = groups.flatMap((group) => group.rows.map((row) => row.seconds)).filter((s) => s > 0);
	const max = Math.log10(Math.max(...all) * 1.5);
	const min = Math.log10(Math.min(...all) / 2);
	const scale = (seconds) => Math.max(2, ((Math.log10(seconds) - min) / (max - min)) * BAR_WIDTH);
	const lines = [];
	let y = 44;
	for (const group of groups) {
		lines.push(`<text x="8" y="${y}" font-weight="bold">${group.size.toLocaleString('en-US')} devices</text>`);
		y += 8;
		group.rows.forEach((row, index) => {
			const width = scale(row.seconds);
			const label = `${duration(row.seconds)}${row.estimated ? ' (extrapolated)' : ''}`;
			lines.push(
				`<text x="16" y="${y + 17}">${escape(row.label)}</text>`,
				`<rect x="${LABEL_WIDTH}" y="${y + 4}" width="${width.toFixed(1)}" height="${ROW_HEIGHT - 8}" fill="${COLOURS[index % COLOURS.length]}"${row.estimated ? ' fill-opacity="0.45" stroke="#555" stroke-dasharray="4 3"' : ''}/>`,
				`<text x="${(LABEL_WIDTH + width + 6).toFixed(1)}" y="${y + 17}">${escape(label)}</text>`,
			);
			y += ROW_HEIGHT;
		});
		y += 14;
	}
	const height = y + 24;
	const width = LABEL_WIDTH + BAR_WIDTH + 140;
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="13">`,
		`<rect width="100%" height="100%" fill="#ffffff"/>`,
		`<text x="8" y="22" font-size="15" font-weight="bold">Profile status of a whole fleet: wall time (log scale, shorter is better)</text>`,
		...lines,
		`<text x="8" y="${height - 10}" font-size="11" fill="#555">${escape(caption)}</text>`,
		'</svg>',
		'',
	].join('\n');
}

module.exports = { benchmarkChart, duration };

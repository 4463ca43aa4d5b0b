'use strict';
// Peak memory of a child process: the kernel's high-water mark of its resident set (VmHWM in
// /proc/<pid>/status), read every quarter second until the process ends. The mark only grows, so
// the last reading is the peak up to the last quarter second of the run.

const fs = require('node:fs');

function highWaterMarkMb(pid) {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
		return match ? Number(match[1]) / 1024 : undefined;
	} catch {
		return undefined;
	}
}

function watchPeakRss() {
	let peak = 0;
	let timer;
	return {
		/** Give it the child process as soon as it is spawned. */
		watch(child) {
			timer = setInterval(() => {
				const mark = highWaterMarkMb(child.pid);
				if (mark !== undefined) peak = Math.max(peak, mark);
			}, 250);
			child.once('exit', () => clearInterval(timer));
		},
		/** The peak in MB. */
		stop() {
			clearInterval(timer);
			return peak;
		},
	};
}

module.exports = { watchPeakRss };

// Build steps that are not TypeScript: clean the output folder and copy the node and credential
// icons next to the compiled files (n8n resolves `file:` icons relative to the .js file).
const { src, dest, series } = require('gulp');
const fs = require('node:fs');

function clean(done) {
	fs.rmSync('dist', { recursive: true, force: true });
	done();
}

function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

exports.clean = clean;
exports['build:icons'] = buildIcons;
exports.default = series(clean, buildIcons);

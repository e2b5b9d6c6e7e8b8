// Packaging of the desktop app (`npm run dist`). Not run in CI here: the Electron binary cannot
// be downloaded on the build machine; on a normal machine electron-builder fetches it.
// tests/unit/architecture/electron-config.test.ts reads this file (the fuses, the asar).
module.exports = {
  appId: 'id.go.risalah.app',
  productName: 'Risalah',
  copyright: 'Risalah',
  directories: { output: 'release' },
  files: [
    'dist/**',
    'package.json',
    '!**/*.map',
    // @ffmpeg-installer ships a stray .env and editor backups: keep them out of the app.
    '!**/node_modules/@ffmpeg-installer/**/.env',
    '!**/node_modules/**/*~',
  ],
  // Binaries that are executed must live outside the asar archive.
  asarUnpack: [
    'node_modules/@ffmpeg-installer/**',
    'node_modules/@ffprobe-installer/**',
    'node_modules/onnxruntime-node/**',
    'node_modules/sherpa-onnx-node/**',
    'node_modules/sherpa-onnx-*/**',
    'node_modules/@ricky0123/vad-web/dist/silero_vad_v5.onnx',
  ],
  extraResources: [
    { from: 'resources/locales', to: 'locales' },
    // The whisper sidecar: build it portable first (`node scripts/build-native.mjs --portable`);
    // main/core/transcription/engine-paths.ts looks in <resources>/native/.
    { from: 'build/native', to: 'native', filter: ['risalah-whisper*', 'lib*.so*', '*.dll', '*.dylib'] },
  ],
  asar: true,
  // Electron's fuses, flipped in the packaged binary (docs/security.md): no ELECTRON_RUN_AS_NODE
  // (children run as utility processes), no NODE_OPTIONS, no --inspect, cookies encrypted, and the
  // app loaded only from its asar, whose integrity is checked.
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  },
  linux: { target: ['AppImage', 'deb'], category: 'Office' },
  win: { target: ['nsis', 'portable'] },
  mac: { target: ['dmg'], category: 'public.app-category.productivity' },
  nsis: { oneClick: false, allowToChangeInstallationDirectory: true },
};

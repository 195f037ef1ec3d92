const { app, BrowserWindow, BrowserView } = require('electron');
const path = require('path');

function createMainWindow() {
  // ruleid: js-electron-insecure-webpreferences
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    webPreferences: {
      nodeIntegration: true,
      contextIsolation: false,
    },
  });
  win.loadURL('https://app.example.com');
  return win;
}

function createDocsView() {
  // ruleid: js-electron-insecure-webpreferences
  const view = new BrowserView({ webPreferences: { webSecurity: false } });
  view.webContents.loadURL('https://docs.example.com');
  return view;
}

function createSafeWindow() {
  // ok: js-electron-insecure-webpreferences
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    webPreferences: {
      preload: path.join(__dirname, 'preload.js'),
      nodeIntegration: false,
      contextIsolation: true,
      sandbox: true,
    },
  });
  win.loadFile('index.html');
  return win;
}

// ok: js-electron-insecure-webpreferences
const splash = new BrowserWindow({ width: 400, height: 300, frame: false });

app.whenReady().then(createMainWindow);

import { BrowserWindow, app } from 'electron';
import * as path from 'node:path';

export function createWindow(url: string): BrowserWindow {
  // ruleid: js-electron-insecure-webpreferences
  const win: BrowserWindow = new BrowserWindow({
    show: false,
    webPreferences: { allowRunningInsecureContent: true, preload: path.join(__dirname, 'preload.js') },
  });
  void win.loadURL(url);
  return win;
}

export function createSafe(): BrowserWindow {
  // ok: js-electron-insecure-webpreferences
  const win = new BrowserWindow({ webPreferences: { contextIsolation: true } as Electron.WebPreferences });
  void win.loadFile('index.html');
  return win;
}

void app.whenReady();

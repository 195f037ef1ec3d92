/** osv.dev's public bucket: `<base>/<Ecosystem>/all.zip`. */
export const DEFAULT_OSV_SOURCE = 'https://osv-vulnerabilities.storage.googleapis.com';

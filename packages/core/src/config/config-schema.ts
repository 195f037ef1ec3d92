// placeholder: replaced by the config work
export type RampartConfig = Record<string, unknown>;

/**
 * Environment variables a test file sets for the functions it loads, put back as they were afterwards
 * (deleted if they were unset), so later files in the same worker see the environment they started with.
 */
export function scopedEnv() {
  const saved = new Map<string, string | undefined>();
  return {
    set(values: Record<string, string>): void {
      for (const [name, value] of Object.entries(values)) {
        if (!saved.has(name)) saved.set(name, process.env[name]);
        process.env[name] = value;
      }
    },
    restore(): void {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      saved.clear();
    },
  };
}

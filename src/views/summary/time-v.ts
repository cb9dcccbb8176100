// Reads `/usr/bin/time -v` (GNU time) output: "User time (seconds): 311.34"
// and "System time (seconds): 40.44". Returns user + system seconds, or null.

export function parseTimeV(text: string): number | null {
  const user = /User time \(seconds\):\s*([\d.]+)/.exec(text);
  const sys = /System time \(seconds\):\s*([\d.]+)/.exec(text);
  if (!user || !sys) return null;
  return Math.round((Number(user[1]) + Number(sys[1])) * 100) / 100;
}

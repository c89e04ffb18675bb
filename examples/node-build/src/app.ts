import ms from "ms";

export function uptime(seconds: number): string {
  return `up ${ms(Math.round(seconds * 1000), { long: true })}`;
}

// Accent colours checked against WCAG 2.x contrast (AA for text: 4.5:1). The accent is the colour of
// links, of the focus ring and of the current pager button's background, on the backgrounds of
// templates/assets/style.css; a colour that fails is refused with the nearest one that passes.

/** style.css's light backgrounds (page, panel, quote): links stand on all of them. */
export const LIGHT_BACKGROUNDS = ["#fdfcf9", "#f4f2ec", "#f0eee7"] as const;
/** style.css's dark backgrounds. */
export const DARK_BACKGROUNDS = ["#17181a", "#202226", "#23252a"] as const;
export const AA_TEXT = 4.5;

type Rgb = [number, number, number];

export function parseHex(hex: string): Rgb {
  const h = hex.replace(/^#/, "");
  const full = h.length === 3 ? [...h].map((c) => c + c).join("") : h;
  return [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16)) as Rgb;
}

export function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
}

function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [la, lb] = [luminance(parseHex(a)), luminance(parseHex(b))];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** The lowest contrast of `color` against any of `backgrounds`, and that background. */
export function worstContrast(color: string, backgrounds: readonly string[]): { ratio: number; background: string } {
  let worst = { ratio: Number.POSITIVE_INFINITY, background: backgrounds[0] ?? "#ffffff" };
  for (const background of backgrounds) {
    const ratio = contrastRatio(color, background);
    if (ratio < worst.ratio) worst = { ratio, background };
  }
  return worst;
}

/** `color` mixed step by step toward black (light theme) or white (dark theme) until it passes AA on
 *  every background: the nearest passing colour of the same hue. */
export function nearestPassing(color: string, theme: "light" | "dark"): string {
  const backgrounds = theme === "light" ? LIGHT_BACKGROUNDS : DARK_BACKGROUNDS;
  const target = theme === "light" ? 0 : 255;
  const rgb = parseHex(color);
  for (let step = 0; step <= 100; step++) {
    const mixed = toHex(rgb.map((c) => c + ((target - c) * step) / 100) as Rgb);
    if (worstContrast(mixed, backgrounds).ratio >= AA_TEXT) return mixed;
  }
  return theme === "light" ? "#000000" : "#ffffff";
}

/** Why `color` cannot be the accent of `theme`, or undefined when it passes. */
export function contrastProblem(color: string, theme: "light" | "dark"): string | undefined {
  const backgrounds = theme === "light" ? LIGHT_BACKGROUNDS : DARK_BACKGROUNDS;
  const { ratio, background } = worstContrast(color, backgrounds);
  if (ratio >= AA_TEXT) return undefined;
  return (
    `${color} has a contrast of ${ratio.toFixed(2)}:1 on the ${theme} background ${background}; ` +
    `links need ${AA_TEXT}:1 (WCAG AA). The nearest colour that passes is ${nearestPassing(color, theme)}`
  );
}

// Waiting for a page to be still before a screenshot or an axe scan.

/** Waits until nothing on the page says it is loading (three checks in a
 *  row), and the fonts are in. */
export async function settle(ctx, page) {
  let calm = 0;
  await ctx.waitFor(async () => {
    const busy = await page.evaluate(() => !!document.querySelector(".loading, .sy-loading, .spinner, [aria-busy=true]"));
    calm = busy ? 0 : calm + 1;
    return calm >= 3;
  }, `${page.url()} to finish loading`, 30000);
  await page.evaluate(() => document.fonts.ready.then(() => true));
}

// Eleventy keeps compiled layouts (LayoutCache) and compiled templates (TemplateContent's compile
// cache) in module-level singletons that outlive an Eleventy instance. Within one build they save
// compiling a template again for every page; across builds in one process (tests, another base
// URL) a cached layout would still be bound to the first build's filters and data, and would keep
// that build's whole archive alive. So the caches stay on and are emptied around every build.
// Neither singleton is exported by the package: they are reached by file, next to its entry point.

interface Clearable {
  removeAll(): void;
}
interface CompileCacheOwner {
  _compileCache: Map<string, Map<string, unknown>>;
}

let caches: Promise<{ layouts: Clearable; content: CompileCacheOwner } | null> | undefined;

function loadCaches(): NonNullable<typeof caches> {
  caches ??= (async () => {
    try {
      const entry = import.meta.resolve("@11ty/eleventy");
      const layouts = ((await import(new URL("./LayoutCache.js", entry).href)) as { default: Clearable }).default;
      const content = ((await import(new URL("./TemplateContent.js", entry).href)) as { default: CompileCacheOwner }).default;
      if (typeof layouts?.removeAll !== "function" || !(content?._compileCache instanceof Map)) return null;
      return { layouts, content };
    } catch {
      return null;
    }
  })();
  return caches;
}

/** Empties Eleventy's process-wide template caches. False when this Eleventy has them elsewhere
 *  (another version): the caller must then build with the template cache off. */
export async function resetEleventyCaches(): Promise<boolean> {
  const found = await loadCaches();
  if (!found) return false;
  found.layouts.removeAll();
  found.content._compileCache.clear();
  return true;
}

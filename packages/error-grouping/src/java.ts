// Java's generated class names: the parts that change from build to build or run to run.

/** OpenJDK reflection accessors (`sun.reflect.GeneratedConstructorAccessor123`). */
const REFLECT_ACCESSOR = /(sun\.reflect\.Generated(?:Serialization)?ConstructorAccessor)\d+/g;
/** Spring's CGLIB proxies (`Foo$$EnhancerBySpringCGLIB$$1a2b3c`). */
const CGLIB = /(\$\$[\w_]+?CGLIB\$\$)[a-fA-F0-9]+(_[0-9]+)?/g;
/** Javassist classes and files (`EntriesResource_$$_javassist_seam_74`). */
const JAVASSIST = /(\$\$_javassist)(?:_seam)?(?:_[0-9]+)?/g;
/** Clojure's compiled anonymous functions (`myapp.mymodule$fn__12345`). */
const CLOJURE_FN = /(\$fn__)\d+/g;
const METHOD_ACCESSORS = [
  "sun.reflect.GeneratedMethodAccessor",
  "jdk.internal.reflect.GeneratedMethodAccessor",
];

/** A Java module as it groups: generated markers replaced by `<auto>`; undefined for a lambda's class. */
export function javaModule(module: string): string | undefined {
  if (module.includes("$$Lambda$")) return undefined;
  const accessor = METHOD_ACCESSORS.find((prefix) => module.startsWith(prefix));
  if (accessor) return accessor;
  return module
    .replace(REFLECT_ACCESSOR, "$1<auto>")
    .replace(CGLIB, "$1<auto>")
    .replace(JAVASSIST, "$1<auto>")
    .replace(CLOJURE_FN, "$1<auto>");
}

/** A Java file name as it groups: Javassist's generated part replaced by `<auto>`. */
export function javaFilename(filename: string): string {
  return filename.replace(JAVASSIST, "$1<auto>");
}

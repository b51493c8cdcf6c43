/**
 * What names mean at a point of a template: `{% assign m = trigger.message %}` makes `m` an alias (its reads
 * are reads of trigger.message), while `assign`/`capture`/`for` of anything else make a local, whose reads are
 * not flow variables. `forloop` and `tablerowloop` are always locals.
 */
export class Scope {
  private readonly aliases = new Map<string, (string | null)[]>();
  private readonly locals = new Set<string>(['forloop', 'tablerowloop']);

  /** `name` now reads `segments`. */
  alias(name: string, segments: (string | null)[]): void {
    this.aliases.set(name, segments);
    this.locals.delete(name);
  }

  /** `name` is now the template's own variable. */
  local(name: string): void {
    this.aliases.delete(name);
    this.locals.add(name);
  }

  /** The path an alias stands for, or undefined. */
  target(name: string): (string | null)[] | undefined {
    return this.aliases.get(name);
  }

  isLocal(name: string): boolean {
    return this.locals.has(name) && !this.aliases.has(name);
  }
}

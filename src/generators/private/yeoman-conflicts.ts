import { Conflicter } from '@yeoman/conflicter';
import type { ConflictResolver, PlannedFile } from '../../index.js';

/** The adapter surface Yeoman's conflicter needs (the environment's adapter). */
type Adapter = ConstructorParameters<typeof Conflicter>[0];

/**
 * Asks about a hand-edited file with Yeoman's own conflict prompt (overwrite, skip, show the
 * diff, ...), so an interactive run feels like any Yeoman generator.
 */
export function yeomanConflictResolver(adapter: Adapter, root: string): ConflictResolver {
  const conflicter = new Conflicter(adapter, { cwd: root });
  return async (file: PlannedFile) => {
    const vinyl = { path: `${root}/${file.path}`, contents: Buffer.from(file.contents, 'utf8'), history: [] } as unknown as Parameters<Conflicter['checkForCollision']>[0];
    const checked = await conflicter.checkForCollision(vinyl);
    return checked.conflicter === 'force' || checked.conflicter === 'create';
  };
}

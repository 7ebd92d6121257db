import { FileBase, type IResolver, type Project } from 'projen';

/**
 * A generated YAML file projen owns (read-only, listed in .projen/files.json). Its content is
 * computed at synth time, so later changes to the component (an added alert) are included.
 * The projen marker goes right after `---`, keeping `---` the first line.
 */
export class OwnedYamlFile extends FileBase {
  constructor(
    project: Project,
    path: string,
    private readonly render: () => string,
  ) {
    super(project, path, { marker: true });
  }

  protected synthesizeContent(_resolver: IResolver): string | undefined {
    const text = this.render();
    return this.marker ? text.replace(/^---\n/, `---\n# ${this.marker}\n`) : text;
  }
}

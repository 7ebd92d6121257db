import { FileBase, type IResolver, type Project } from 'projen';

/**
 * A generated YAML file projen owns (read-only, listed in .projen/files.json). Its contents are
 * rendered at synth time, so later changes to the component (an added alert) are included.
 * Projen's marker goes on the line after the leading `---`, so the file still starts with the
 * document marker; a file without one gets the marker as its first line. A `.json` file (JSON
 * is YAML, but has no comments) is written as rendered: projen's usual `"//"` key would be an
 * unknown option to Renovate.
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
    const marker = this.marker;
    if (!marker || this.path.endsWith('.json')) return text; // ejected, or no room for a comment
    return text.startsWith('---\n') ? `---\n# ${marker}\n${text.slice(4)}` : `# ${marker}\n${text}`;
  }
}

import { FileBase, type IResolver, type Project } from 'projen';

/**
 * A generated YAML file projen owns (read-only, listed in .projen/files.json). Its contents are
 * rendered at synth time, so later changes to the component (an added alert) are included.
 * Projen's marker goes on the line after the leading `---`, so the file still starts with the
 * document marker; a file without one gets the marker as its first line.
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
    if (!marker) return text; // ejected: a plain file
    return text.startsWith('---\n') ? `---\n# ${marker}\n${text.slice(4)}` : `# ${marker}\n${text}`;
  }
}

import { Engine, type EngineOutcome, type KustomizeBuildRequest, type KustomizeBuildResult } from '../../engine/index.js';

/**
 * The run's engine, answering a build it was asked before from memory: a thousand clusters
 * applying one folder unsubstituted (or with equal settings) ask the same build a thousand
 * times. The key is the request as sent, source folder, Kustomization and variables included,
 * so a different input is a different build; the engine already keeps one snapshot per source
 * folder for its life, so within a run a build's answer never changes. The answer's objects are
 * shared between the clusters that asked: they are read, never changed.
 */
export class SharedBuilds extends Engine {
  private readonly answers = new Map<string, Promise<EngineOutcome<KustomizeBuildResult>>>();

  override build(request: KustomizeBuildRequest): Promise<EngineOutcome<KustomizeBuildResult>> {
    const key = JSON.stringify(request);
    let answer = this.answers.get(key);
    if (answer === undefined) {
      answer = super.build(request);
      this.answers.set(key, answer);
      // An engine that died is not an answer to keep.
      answer.catch(() => this.answers.delete(key));
    }
    return answer;
  }
}

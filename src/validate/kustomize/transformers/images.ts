import { visitField } from './field-spec.js';

/** One entry of a kustomization's (or a Flux Kustomization's) `images:` list. */
export interface ImageEntry {
  readonly name: string;
  readonly newName?: string;
  readonly newTag?: string | number;
  readonly digest?: string;
  readonly tagSuffix?: string;
}

/** kustomize treats `name` as a regular expression, followed by an optional tag and digest. */
function matches(image: string, name: string): boolean {
  try {
    return new RegExp(`^${name}(:[a-zA-Z0-9_.{}-]*)?(@[a-zA-Z0-9]+([.+_-][a-zA-Z0-9]+)*:[a-zA-Z0-9_.{}-]*)?$`).test(image);
  } catch {
    return false;
  }
}

/** Splits an image reference into name, tag and digest, ignoring a ":" in the registry host. */
export function splitImage(image: string): { name: string; tag: string; digest: string } {
  const slash = image.indexOf('/');
  const offset = slash > 0 ? slash : 0;
  const search = image.slice(offset);
  const at = search.indexOf('@');
  const colon = search.indexOf(':');
  if (at < 0 && colon < 0) return { name: image, tag: '', digest: '' };
  if (at >= 0 && (colon < 0 || at < colon)) return { name: image.slice(0, offset + at), tag: '', digest: image.slice(offset + at + 1) };
  if (at >= 0) {
    return { name: image.slice(0, offset + colon), tag: image.slice(offset + colon + 1, offset + at), digest: image.slice(offset + at + 1) };
  }
  return { name: image.slice(0, offset + colon), tag: image.slice(offset + colon + 1), digest: '' };
}

export function rewriteImage(image: string, entry: ImageEntry): string {
  if (!matches(image, entry.name)) return image;
  let { name, tag, digest } = splitImage(image);
  const newTag = entry.newTag === undefined || entry.newTag === null ? '' : String(entry.newTag);
  if (entry.newName) name = entry.newName;
  if (newTag && entry.digest) [tag, digest] = [newTag, entry.digest];
  else if (newTag) [tag, digest] = [newTag, ''];
  else if (entry.digest) [tag, digest] = ['', entry.digest];
  else if (entry.tagSuffix) [tag, digest] = [tag + entry.tagSuffix, ''];
  return `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
}

/** Every `containers` / `initContainers` list anywhere in the object, as kustomize's legacy image filter finds them. */
function containerLists(node: unknown, found: any[][] = []): any[][] {
  if (Array.isArray(node)) node.forEach((element) => containerLists(element, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      containerLists(value, found);
      if ((key === 'containers' || key === 'initContainers') && Array.isArray(value)) found.push(value);
    }
  }
  return found;
}

/** `images:`: rewrites container images everywhere and image volume references in pod specs; CRDs are left alone. */
export function applyImages(object: Record<string, any>, entries: readonly ImageEntry[]): void {
  if (object.kind === 'CustomResourceDefinition') return;
  for (const entry of entries) {
    for (const list of containerLists(object)) {
      for (const container of list) {
        if (container && typeof container.image === 'string') container.image = rewriteImage(container.image, entry);
      }
    }
    for (const path of ['spec/volumes[]/image/reference', 'spec/template/spec/volumes[]/image/reference']) {
      visitField(object, { path }, (parent, key) => {
        if (typeof parent[key] === 'string') parent[key] = rewriteImage(parent[key], entry);
      });
    }
  }
}

/**
 * The project's model forms: classes with Django's `ModelForm` in their MRO, with the model of
 * their `Meta` (found the way Python finds it) and the file fields they declare, which a form
 * bound without `request.FILES` would never fill.
 */
import { calleeName } from './expr';
import type { ClassIndex } from './classes';
import type { ModelLookup } from './models';
import { metaModel } from './serializers';
import type { Known } from './values';

export interface DjangoModelForm {
  readonly name: string;
  readonly qualifiedName: string;
  readonly path: string;
  /** `Meta.model`, as a label. */
  readonly model?: Known<string>;
  /** Fields the form (or a project base) declares as a `FileField`, `ImageField` or a subclass named so. */
  readonly fileFields: readonly string[];
}

const MODEL_FORM = /^django\.forms(\.models)?\.ModelForm$|^ModelForm$/;

export function collectModelForms(classes: ClassIndex, models: ModelLookup): DjangoModelForm[] {
  const forms: DjangoModelForm[] = [];
  for (const cls of classes.all()) {
    if (!classes.outsideBases(cls).some((base) => MODEL_FORM.test(base))) continue;
    const declared = classes.lineage(cls).flatMap((owner) => owner.facts.attributes);
    forms.push({
      name: cls.name,
      qualifiedName: cls.qualifiedName,
      path: cls.path,
      model: metaModel(classes, models, classes.nested(cls, 'Meta')),
      fileFields: declared.filter((attribute) => attribute.value.kind === 'call' && /(File|Image)Field$/.test(calleeName(attribute.value) ?? '')).map((attribute) => attribute.name),
    });
  }
  return forms;
}

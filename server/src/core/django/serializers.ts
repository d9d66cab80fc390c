/**
 * The project's DRF serializers: classes with a DRF serializer in their MRO, with the model and
 * fields of their `Meta` (found the way Python finds it, so a subclass without its own `Meta`
 * uses its base's) and the fields they declare (a nested serializer, a `SerializerMethodField`…).
 */
import type { SourceRange } from '../model/sourceRange';
import { lastPart } from '../python/workspaceNames';
import { booleanOf, calleeName, keywordOf, nameOf, sourceOf, stringOf } from './expr';
import type { ClassIndex, ProjectClass } from './classes';
import type { AttributeFacts } from './moduleFacts';
import type { ModelLookup } from './models';
import { refQualifiedName } from './names';
import { isUnknown, knownString, knownStrings, unknown, type Known, type ModuleValues } from './values';

export interface SerializerField {
  readonly name: string;
  /** `SlugRelatedField`, or the nested serializer's class name. */
  readonly fieldClass: string;
  /** A nested serializer's qualified name. */
  readonly serializer?: string;
  readonly many: boolean;
  readonly readOnly: boolean;
  readonly source?: Known<string>;
  /** The base serializer (qualified) declaring it, when inherited. */
  readonly inheritedFrom?: string;
  readonly range: SourceRange;
}

export interface DjangoSerializer {
  readonly name: string;
  readonly qualifiedName: string;
  readonly path: string;
  readonly range: SourceRange;
  /** The DRF class it builds on: `ModelSerializer`, `HyperlinkedModelSerializer`, `Serializer`, `ListSerializer`… */
  readonly base: string;
  /** `Meta.model`, as a label. */
  readonly model?: Known<string>;
  /** `Meta.fields`: names, or `__all__`. */
  readonly fields?: Known<string[] | '__all__'>;
  readonly exclude?: Known<string[]>;
  readonly readOnlyFields?: Known<string[]>;
  readonly depth?: Known<number>;
  readonly declaredFields: readonly SerializerField[];
  /** The classes outside the project it builds on, qualified (`rest_framework.serializers.ModelSerializer`). */
  readonly outsideBases: readonly string[];
  /** Names of the methods the class and its project bases define (`to_representation` reshapes the data). */
  readonly methods: readonly string[];
  /** Names of the class attributes the class and its project bases define, fields or not. */
  readonly attributes: readonly string[];
}

const DRF_SERIALIZER = /^rest_framework\.serializers\.\w*Serializer$/;
/** A serializer base from elsewhere (`rest_framework_gis.serializers.GeoFeatureModelSerializer`) or a star import. */
const OTHER_SERIALIZER = /(^|\.)serializers\.\w*Serializer$|^\w*Serializer$/;

export function collectSerializers(classes: ClassIndex, values: ModuleValues, models: ModelLookup): DjangoSerializer[] {
  const serializers: DjangoSerializer[] = [];
  for (const cls of classes.all()) {
    const base = serializerBase(classes, cls);
    if (!base) continue;
    const meta = classes.nested(cls, 'Meta');
    const option = (name: string) => meta?.facts.attributes.find((attribute) => attribute.name === name)?.value;
    const evaluate = (name: string) => {
      const value = option(name);
      return value === undefined ? undefined : values.evaluate(meta!.owner.path, value);
    };
    const fieldsValue = evaluate('fields');
    const depth = evaluate('depth');
    serializers.push({
      name: cls.name,
      qualifiedName: cls.qualifiedName,
      path: cls.path,
      range: cls.facts.range,
      base: lastPart(base),
      model: metaModel(classes, models, meta),
      fields: fieldsValue === undefined ? undefined : fieldsValue === '__all__' ? '__all__' : knownStrings(fieldsValue),
      exclude: option('exclude') === undefined ? undefined : knownStrings(evaluate('exclude')),
      readOnlyFields: option('read_only_fields') === undefined ? undefined : knownStrings(evaluate('read_only_fields')),
      depth: depth === undefined ? undefined : typeof depth === 'number' ? depth : isUnknown(depth) ? depth : unknown(JSON.stringify(depth)),
      declaredFields: declaredFields(cls, classes, values),
      outsideBases: classes.outsideBases(cls),
      methods: classes.lineage(cls).flatMap((owner) => owner.facts.methods.map((m) => m.name)),
      attributes: classes.lineage(cls).flatMap((owner) => owner.facts.attributes.map((a) => a.name)),
    });
  }
  return serializers;
}

/** `Meta.model` of a serializer or a model form, as a label (unknown when it is not a project model). */
export function metaModel(classes: ClassIndex, models: ModelLookup, meta: ReturnType<ClassIndex['nested']>): Known<string> | undefined {
  const modelExpr = meta?.facts.attributes.find((attribute) => attribute.name === 'model')?.value;
  if (modelExpr === undefined) return undefined;
  const modelName = nameOf(modelExpr);
  return modelName !== undefined ? (models.labelOf(classes.names.resolve(meta!.owner.path, modelName)) ?? unknown(modelName)) : unknown(sourceOf(modelExpr));
}

/** The DRF (or other) serializer class `cls` builds on, if it is a serializer. */
function serializerBase(classes: ClassIndex, cls: ProjectClass): string | undefined {
  const outside = classes.outsideBases(cls);
  return outside.find((name) => DRF_SERIALIZER.test(name)) ?? outside.find((name) => OTHER_SERIALIZER.test(name));
}

/**
 * Fields declared on the class and on its project bases, ordered as DRF's `SerializerMetaclass`
 * orders them: the bases' (left to right) before the class's own; the class's own win.
 */
function declaredFields(cls: ProjectClass, classes: ClassIndex, values: ModuleValues, seen = new Set<string>()): SerializerField[] {
  if (seen.has(cls.key)) return [];
  seen.add(cls.key);
  const own = cls.facts.attributes.flatMap((attribute) => {
    const field = fieldOf(attribute, cls, classes, values);
    return field ? [field] : [];
  });
  const known = new Set(own.map((field) => field.name));
  const inherited: SerializerField[] = [];
  for (const base of cls.bases) {
    const baseClass = classes.classOf(base);
    if (!baseClass) continue;
    for (const field of declaredFields(baseClass, classes, values, seen)) {
      if (known.has(field.name)) continue;
      known.add(field.name);
      inherited.push({ ...field, inheritedFrom: field.inheritedFrom ?? baseClass.qualifiedName });
    }
  }
  return [...inherited, ...own];
}

/** The serializer field a class attribute declares: a DRF field, or a nested serializer. */
function fieldOf(attribute: AttributeFacts, owner: ProjectClass, classes: ClassIndex, values: ModuleValues): SerializerField | undefined {
  const call = attribute.value;
  if (call.kind !== 'call') return undefined;
  const callee = call.callee.kind === 'name' ? call.callee.name : undefined;
  const ref = callee ? classes.names.resolve(owner.path, callee) : undefined;
  const name = calleeName(call) ?? '';
  const nestedClass = ref && classes.classOf(ref);
  const nested = !!nestedClass && serializerBase(classes, nestedClass) !== undefined;
  if (!nested && !/(Field|Serializer)$/.test(name)) return undefined;
  const source = keywordOf(call, 'source');
  return {
    name: attribute.name,
    fieldClass: name,
    serializer: nested && ref ? refQualifiedName(ref) : undefined,
    many: booleanOf(keywordOf(call, 'many')) === true,
    readOnly: booleanOf(keywordOf(call, 'read_only')) === true || name === 'SerializerMethodField' || name === 'ReadOnlyField',
    source: source === undefined ? undefined : (stringOf(source) ?? knownString(values.evaluate(owner.path, source))),
    range: attribute.range,
  };
}

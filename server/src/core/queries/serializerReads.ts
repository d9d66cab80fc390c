/**
 * The relations a DRF serializer reads on each instance it serializes: nested serializers
 * (`items = OrderItemSerializer(many=True)`, followed into the nested one), dotted sources
 * (`source="customer.email"`), related fields that render the related object
 * (`SlugRelatedField`, `StringRelatedField`), many-to-many and reverse relations listed in
 * `Meta.fields` (a list of primary keys per row), and what `get_<field>` methods of
 * `SerializerMethodField`s read on their instance.
 */
import type { DjangoModelClass } from '../django/models';
import type { DjangoProjectModel } from '../django/project';
import type { DjangoSerializer } from '../django/serializers';
import { isUnknown } from '../django/values';
import type { SourceRange } from '../model/sourceRange';
import type { ModelGraph, ModelRelation } from './modelGraph';
import { needOf, type RelatedNeed } from './relatedReads';
import type { QueryModule } from './querysets';

/** A relation the serializer reads, and the field that reads it. */
export interface SerializerNeed extends RelatedNeed {
  readonly path: string;
  readonly range: SourceRange;
  /** The serializer and field that read it: `OrderItemSerializer.sku`. */
  readonly field: string;
}

/** Related fields that render the related object itself (a primary key field reads the `_id` column only). */
const OBJECT_FIELDS = /^(SlugRelatedField|StringRelatedField|HyperlinkedRelatedField|HyperlinkedIdentityField)$/;

export function serializerNeeds(
  project: DjangoProjectModel,
  modules: ReadonlyMap<string, QueryModule>,
  graph: ModelGraph,
  serializer: DjangoSerializer,
  model: DjangoModelClass,
  depth = 0,
): SerializerNeed[] {
  const needs: SerializerNeed[] = [];
  const add = (need: RelatedNeed | undefined, field: string, range: SourceRange) => {
    if (need) needs.push({ ...need, path: serializer.path, range, field: `${serializer.name}.${field}` });
  };
  const declared = new Set<string>();
  for (const field of serializer.declaredFields) {
    declared.add(field.name);
    const source = field.source === undefined ? field.name : isUnknown(field.source) ? undefined : field.source;
    if (!source || source === '*') continue;
    const parts = source.split('.');
    if (field.serializer) {
      const nested = project.serializers.find((candidate) => candidate.qualifiedName === field.serializer);
      const need = needOf(graph, model, parts, field.many);
      add(need, field.name, field.range);
      const target = need && targetOf(graph, model, parts);
      if (nested && target && depth < 3) {
        for (const inner of serializerNeeds(project, modules, graph, nested, target, depth + 1)) {
          needs.push({ ...inner, lookup: `${need.lookup}__${inner.lookup}`, kind: need.kind === 'prefetch_related' || inner.kind === 'prefetch_related' ? 'prefetch_related' : 'select_related', nonNull: need.nonNull && inner.nonNull });
        }
      }
    } else if (parts.length > 1 || OBJECT_FIELDS.test(field.fieldClass) || field.many) {
      add(needOf(graph, model, parts, field.many), field.name, field.range);
    }
    if (field.fieldClass === 'SerializerMethodField') {
      for (const read of methodReads(modules, serializer, `get_${field.name}`)) add(needOf(graph, model, read), field.name, field.range);
    }
  }
  const listed = serializer.fields && !isUnknown(serializer.fields) && serializer.fields !== '__all__' ? serializer.fields : [];
  for (const name of listed) {
    const relation = declared.has(name) ? undefined : graph.relation(model, name);
    if (relation?.cardinality === 'many') add({ lookup: name, kind: 'prefetch_related', nonNull: false }, name, serializer.range);
  }
  return needs;
}

/** The model at the end of a relation path. */
function targetOf(graph: ModelGraph, model: DjangoModelClass, parts: readonly string[]): DjangoModelClass | undefined {
  let current: DjangoModelClass | undefined = model;
  for (const part of parts) {
    const relation: ModelRelation | undefined = current && graph.relation(current, part);
    current = relation && graph.model(relation.target);
  }
  return current;
}

/** The attribute paths a serializer method reads on the instance it is given (its second parameter). */
function methodReads(modules: ReadonlyMap<string, QueryModule>, serializer: DjangoSerializer, method: string): (readonly string[])[] {
  const facts = modules.get(serializer.path)?.queries;
  const scope = `${serializer.name}.${method}`;
  const instance = facts?.functions.find((fn) => fn.scope === scope)?.parameters[1];
  return instance ? facts!.reads.filter((read) => read.scope === scope && read.root === instance && read.loop === undefined).map((read) => read.path) : [];
}

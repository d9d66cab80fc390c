/** Generates long but realistic modules for tests that need a file over a line limit. */

/**
 * A models-like module with `count` classes of one feature each, about 8 code lines per class.
 * No two classes declare the same field (lengths, defaults and related names differ), so they
 * repeat no members.
 */
export function modelsModule(features: readonly string[], classesPerFeature: number): string {
  const lines = ['from django.db import models', ''];
  let length = 100;
  for (const feature of features) {
    const base = feature[0].toUpperCase() + feature.slice(1);
    for (let i = 0; i < classesPerFeature; i++) {
      const name = i === 0 ? base : `${base}Part${i}`;
      lines.push(
        `class ${name}(models.Model):`,
        `    """A ${feature} record."""`,
        `    title = models.CharField(max_length=${length})`,
        `    amount = models.IntegerField(default=${length++})`,
        ...(i === 0 ? [] : [`    parent = models.ForeignKey(${base}, related_name="${name.toLowerCase()}s", on_delete=models.CASCADE)`]),
        '',
        `    def __str__(self):`,
        `        # the title is enough`,
        `        return self.title`,
        '',
      );
    }
  }
  return lines.join('\n');
}

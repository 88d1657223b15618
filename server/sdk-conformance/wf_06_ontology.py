"""Recipes and ontologies: labels (add, nested, update, delete) and v2 attributes."""
import dtlpy as dl

from common import expect, expect_eq, new_dataset


def wf_labels_and_attributes():
    ds = new_dataset('onto')
    recipe = ds.recipes.list()[0]
    expect_eq(recipe.id, ds.metadata['system']['recipes'][0], 'dataset recipe')
    ontology = recipe.ontologies.list()[0]
    ontology.add_labels(label_list=['car', 'person'])
    ontology.add_label(label_name='vehicle.truck', color=(255, 0, 0), update_ontology=True)
    ontology = dl.ontologies.get(ontology_id=ontology.id)
    tags = sorted(label.tag for label in ontology.labels)
    expect_eq(tags, ['car', 'person', 'vehicle'], 'root labels')
    expect('vehicle.truck' in ontology.instance_map, 'nested label in the instance map', ontology.instance_map)
    truck = next(c for c in next(l for l in ontology.labels if l.tag == 'vehicle').children)
    expect_eq(truck.rgb, (255, 0, 0), 'nested label colour')
    ontology.update_labels(label_list=[dl.Label(tag='car', color=(0, 0, 255))], upsert=True)
    ontology = dl.ontologies.get(ontology_id=ontology.id)
    car = next(l for l in ontology.labels if l.tag == 'car')
    expect_eq(car.rgb, (0, 0, 255), 'label colour updated')
    ontology.delete_labels(label_names=['person'])
    ontology = dl.ontologies.get(ontology_id=ontology.id)
    expect_eq(sorted(l.tag for l in ontology.labels), ['car', 'vehicle'], 'label deleted')
    ontology.update_attributes(key='color', title='Colour', attribute_type=dl.AttributesTypes.CHECKBOX,
                               values=['red', 'blue'], scope=['car'])
    ontology.update_attributes(key='occluded', title='Occluded', attribute_type=dl.AttributesTypes.YES_NO)
    ontology = dl.ontologies.get(ontology_id=ontology.id)
    attrs = {a['key']: a for a in ontology.metadata['attributes']}
    expect_eq(sorted(attrs), ['color', 'occluded'], 'v2 attributes')
    expect_eq((attrs['color']['type'], attrs['color'].get('multi'), attrs['color']['values']),
              ('options', True, ['red', 'blue']), 'checkbox attribute stored as multi options')
    ontology.delete_attributes(keys=['occluded'])
    ontology = dl.ontologies.get(ontology_id=ontology.id)
    expect_eq([a['key'] for a in ontology.metadata['attributes']], ['color'], 'attribute deleted')
    expect_eq(sorted(l.tag for l in ds.labels), ['car', 'vehicle'], 'dataset.labels reads the same ontology')


def wf_recipe_clone():
    ds = new_dataset('recipe')
    recipe = ds.recipes.list()[0]
    ontology = recipe.ontologies.list()[0]
    ontology.add_labels(label_list=['a', 'b'])
    clone = recipe.clone(shallow=False)
    expect(clone.id != recipe.id, 'a new recipe')
    expect(clone.ontology_ids[0] != recipe.ontology_ids[0], 'a deep clone copies the ontology')
    cloned = dl.ontologies.get(ontology_id=clone.ontology_ids[0])
    expect_eq(sorted(l.tag for l in cloned.labels), ['a', 'b'], 'the copy has the labels')

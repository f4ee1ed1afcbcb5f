"""Writes timm_keys.txt: the state_dict keys and shapes of the classification models that `moby export` must match,
made once with the official code (PyTorch 1.13): Swin-T/S/B from the official Swin / Transformer-SSL SwinTransformer,
DeiT-T/S/B from timm 0.4.5's create_model, each with num_classes=10. Tests read the text file and never run Python.
Usage (from the repository root):
  PYTHONPATH=../shared/reference/official-code/timm-0.4.5:../shared/reference/official-code/transformer-ssl:../shared/reference/official-code/stubs \
  /usr/bin/python3 tests/Moby.Tests/Finetune/Reference/make_timm_keys.py > tests/Moby.Tests/Finetune/Reference/timm_keys.txt"""
import collections.abc
import torch, torch._six
torch._six.container_abcs = collections.abc
import timm
from models.swin_transformer import SwinTransformer

CLASSES = 10
SWIN = {
    'swin_tiny_patch4_window7_224': dict(embed_dim=96, depths=[2, 2, 6, 2], num_heads=[3, 6, 12, 24]),
    'swin_small_patch4_window7_224': dict(embed_dim=96, depths=[2, 2, 18, 2], num_heads=[3, 6, 12, 24]),
    'swin_base_patch4_window7_224': dict(embed_dim=128, depths=[2, 2, 18, 2], num_heads=[4, 8, 16, 32]),
}
DEIT = ['deit_tiny_patch16_224', 'deit_small_patch16_224', 'deit_base_patch16_224']

def dump(name, model):
    print(f'# {name} num_classes={CLASSES}')
    for key, tensor in model.state_dict().items():
        print(key, 'x'.join(str(s) for s in tensor.shape) or 'scalar')

for name, kwargs in SWIN.items():
    dump(name, SwinTransformer(img_size=224, patch_size=4, window_size=7, num_classes=CLASSES, **kwargs))
for name in DEIT:
    dump(name, timm.create_model('vit_' + name, num_classes=CLASSES))

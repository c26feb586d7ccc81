"""The same sentence-transformers model, run by ONNX Runtime instead of torch.

On first use the model's own weights (checked by their sha256, as for torch)
are exported to ONNX once, into the user cache directory
(``<cache>/onnx/<weights sha256[:16]>-export<N>/``); every later run loads that file in a
fraction of a second and never imports torch. ``onnx`` runs the exported graph
in fp32 and gives the torch model's vectors (cosine 1.0000 on 2,000 MAC
sentences); ``onnx-int8`` also quantises the MatMul weights per channel
(dynamic int8), faster again but only close (``benchmarks/bench_encoders.py``).
The export is written to a temporary file and renamed, so two processes that
export at once both end with a whole file.
"""
from __future__ import annotations

import atexit
import json
import logging
import shutil
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .model_files import BUNDLED_NAMES, normalise, resolve_model, sha256_file
from .errors import ModelError
from .vector_cache import cache_dir

ENCODERS = ("onnx", "onnx-int8", "torch")
log = logging.getLogger("audit")
OPSET = 17


# Bumped when the export itself changes, so that a cache made by an older release is not reused.
# 2: attention exported in its plain ("eager") form, which ONNX Runtime runs 5-12 % faster
# than the traced SDPA path of 1.
EXPORT_VERSION = 2


def export_dir(digest: str) -> Path:
    return cache_dir() / "onnx" / f"{digest[:16]}-export{EXPORT_VERSION}"


def stale_exports() -> list[Path]:
    """Export folders an older release made (another ``EXPORT_VERSION``): never read again."""
    root = cache_dir() / "onnx"
    current = f"-export{EXPORT_VERSION}"
    return sorted(p for p in root.glob("*") if p.is_dir() and not p.name.endswith(current)) if root.is_dir() else []


def exported_model(directory: Path, digest: str, int8: bool) -> Path:
    """The ONNX file for these weights, exported (and quantised) on first use."""
    out = export_dir(digest)
    target = out / ("model.int8.onnx" if int8 else "model.onnx")
    if target.is_file():
        return target
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        # A read-only home (a locked-down CI runner) must not stop the audit: export for
        # this run only, into a temporary folder.
        out = Path(tempfile.mkdtemp(prefix="audit-onnx-"))
        atexit.register(shutil.rmtree, out, ignore_errors=True)
        log.warning(f"cannot write the ONNX export to {export_dir(digest)} ({exc.strerror}); exporting to {out} "
                    "for this run only: set AUDIT_CACHE_DIR to a writable folder to keep it")
        target = out / target.name
    fp32 = out / "model.onnx"
    try:
        if not fp32.is_file():
            _export(directory, fp32)
        if int8:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            tmp = _temp_path(target)
            logging.disable(logging.WARNING)  # its advice on pre-processing is for static quantisation
            try:
                quantize_dynamic(str(fp32), str(tmp), weight_type=QuantType.QInt8, per_channel=True,
                                 op_types_to_quantize=["MatMul"])
            finally:
                logging.disable(logging.NOTSET)
            os.replace(tmp, target)
    except ModelError:
        raise
    except Exception as exc:
        raise ModelError(f"could not export model {directory} to ONNX in {out}: {str(exc).splitlines()[0]}; "
                         "pass --encoder torch, or set AUDIT_CACHE_DIR to a writable folder") from exc
    return target


def _temp_path(target: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=target.name + ".", suffix=".part", dir=target.parent)
    os.close(fd)
    return Path(name)


def _export(directory: Path, target: Path) -> None:
    # torch is needed once, here; the encoder itself runs without it.
    import warnings

    import torch
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()

    tok = AutoTokenizer.from_pretrained(str(directory), local_files_only=True)
    model = AutoModel.from_pretrained(str(directory), local_files_only=True, attn_implementation="eager").eval()
    sample = tok(["An example sentence.", "Another, longer example sentence for the export."],
                 return_tensors="pt", padding=True)
    names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in sample]

    class Hidden(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, *args):
            return self.inner(**dict(zip(names, args))).last_hidden_state

    tmp = _temp_path(target)
    # The tracer warns about Python-level branches in the attention code; they depend on
    # shapes that are the same for every batch of an encoder (no cache, a full mask).
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(Hidden(model), tuple(sample[n] for n in names), str(tmp), input_names=names,
                          output_names=["last_hidden_state"], opset_version=OPSET, dynamo=False,
                          dynamic_axes={n: {0: "batch", 1: "tokens"} for n in names + ["last_hidden_state"]})
    os.replace(tmp, target)


class OnnxEmbedder:
    """A sentence-transformers model (mean or CLS pooling) run by ONNX Runtime."""

    def __init__(self, model: str, *, batch_size: int = 32, int8: bool = False, threads: int | None = None) -> None:
        directory, digest = resolve_model(model)
        pooling = _pooling(directory)
        path = exported_model(directory, digest, int8)
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer

            options = ort.SessionOptions()
            options.intra_op_num_threads = threads or os.cpu_count() or 1
            options.log_severity_level = 3
            self._session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
            self._tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        except Exception as exc:
            raise ModelError(f"could not load {path} with ONNX Runtime: {str(exc).splitlines()[0]}; "
                             f"delete {path} to export it again on the next run, or pass --encoder torch") from exc
        self._tokenizer.enable_truncation(_max_length(directory))
        self._tokenizer.enable_padding()
        self._inputs = [i.name for i in self._session.get_inputs()]
        self._pooling = pooling
        self.name = "all-MiniLM-L6-v2" if model in BUNDLED_NAMES else model
        self.fingerprint = digest[:16]
        self.sha256 = digest
        self.encoder = "onnx-int8" if int8 else "onnx"
        self.encoder_sha256 = sha256_file(path)
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str], *, progress=None) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # little padding per batch
        out = None
        for start in range(0, len(order), self.batch_size):
            idx = order[start:start + self.batch_size]
            batch = self._tokenizer.encode_batch([texts[i] for i in idx])
            attention = np.array([e.attention_mask for e in batch], np.int64)
            hidden = self.token_states(np.array([e.ids for e in batch], np.int64), attention,
                                       np.array([e.type_ids for e in batch], np.int64))
            mask = attention[..., None].astype(np.float32)
            if self._pooling == "cls":
                vecs = hidden[:, 0]
            else:
                vecs = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
            if out is None:
                out = np.zeros((len(texts), vecs.shape[1]), np.float32)
            out[idx] = vecs
            if progress:
                progress(min(start + self.batch_size, len(texts)), len(texts))
        return normalise(out)

    def token_states(self, input_ids: np.ndarray, attention_mask: np.ndarray,
                     token_type_ids: np.ndarray | None = None) -> np.ndarray:
        """The model's last hidden states (batch, tokens, dims) for token ids made by :meth:`vocabulary`."""
        feeds = {"input_ids": input_ids, "attention_mask": attention_mask,
                 "token_type_ids": np.zeros_like(input_ids) if token_type_ids is None else token_type_ids}
        return self._session.run(None, {k: feeds[k] for k in self._inputs})[0]

    def vocabulary(self) -> dict[str, int]:
        """The tokenizer's wordpieces and their ids."""
        return self._tokenizer.get_vocab()


def _pooling(directory: Path) -> str:
    config = directory / "1_Pooling" / "config.json"
    if not config.is_file():
        return "mean"
    c = json.loads(config.read_text(encoding="utf-8"))
    if c.get("pooling_mode_mean_tokens"):
        return "mean"
    if c.get("pooling_mode_cls_token"):
        return "cls"
    raise ModelError(f"{config}: only mean or CLS pooling runs in ONNX; pass --encoder torch for this model")


def _max_length(directory: Path) -> int:
    config = directory / "sentence_bert_config.json"
    if config.is_file():
        return int(json.loads(config.read_text(encoding="utf-8")).get("max_seq_length", 256))
    return 256

#!/usr/bin/env bash
# On the GPU machine (Python 3, an NVIDIA driver; no Node, no network):
#   bash run.sh [--tiny] [--budget-s 360] [--runs 2] [--work DIR]
# Unpacks Node + ONNX Runtime and the Vulkan loader, points the loader at the
# NVIDIA Vulkan driver, builds random-weight fp16 SD-Turbo and SDXL-Turbo
# folders (--tiny: the CI models) and prints the per-stage table.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
scale=full
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --tiny) scale=tiny ;;
    *) args+=("$1") ;;
  esac
  shift
done

t0=$(date +%s)
rt="$here/rt"
if [ ! -x "$rt/node" ]; then
  mkdir -p "$rt" && tar -C "$rt" -xJf "$here/runtime.tar.xz"
fi
if [ ! -d "$here/vulkan" ]; then
  python3 "$here/unpack-debs.py" "$here/debs" "$here/vulkan"
fi
export LD_LIBRARY_PATH="$here/vulkan/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$here/xdg}"
mkdir -p -m 700 "$XDG_RUNTIME_DIR"

# NVIDIA's Vulkan driver: its ICD file where the driver installed one, else
# one written here for libGLX_nvidia.so.0 (containers started with only the
# compute capability lack it: start them with NVIDIA_DRIVER_CAPABILITIES=all).
if [ -z "${VK_DRIVER_FILES:-}" ] && command -v nvidia-smi >/dev/null; then
  for d in /usr/share/vulkan/icd.d /etc/vulkan/icd.d /usr/local/share/vulkan/icd.d; do
    [ -f "$d/nvidia_icd.json" ] && export VK_DRIVER_FILES="$d/nvidia_icd.json" && break
  done
  if [ -z "${VK_DRIVER_FILES:-}" ]; then
    if ldconfig -p 2>/dev/null | grep -q 'libGLX_nvidia.so.0'; then
      printf '{"file_format_version":"1.0.1","ICD":{"library_path":"libGLX_nvidia.so.0","api_version":"1.3"}}\n' > "$here/nvidia_icd.json"
      export VK_DRIVER_FILES="$here/nvidia_icd.json"
    else
      echo "warning: nvidia-smi works but no NVIDIA Vulkan driver (nvidia_icd.json / libGLX_nvidia.so.0) was found;" >&2
      echo "         the webgpu provider will fall back to CPU. Start the container with NVIDIA_DRIVER_CAPABILITIES=all." >&2
    fi
  fi
fi
echo "unpacked in $(( $(date +%s) - t0 )) s"
"$rt/node" "$rt/bench/gpu/bench.mjs" --scale "$scale" --work "${WORK:-$here/work}" ${args[@]+"${args[@]}"}
echo "run.sh total $(( $(date +%s) - t0 )) s"

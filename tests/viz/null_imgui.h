// A null Dear ImGui context for the length of a test or benchmark: a display size, a built font
// atlas and no renderer, so panels and the Viewer can draw (build their draw lists, the whole CPU
// work of a frame) with no window and no GL.
#pragma once

#include <imgui.h>

#include "viz/panels/viewer.h"

namespace dsim::testing {

// A null ImGui context for the length of a test.
class NullImGui {
 public:
  NullImGui() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(1600, 1000);
    io.DeltaTime = 1.0f / 60.0f;
    io.IniFilename = nullptr;
    // As the OpenGL 3 backend declares: draw lists may pass 65,536 vertices (2,000 messages do).
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
    unsigned char* pixels = nullptr;
    int width = 0;
    int height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
  }
  ~NullImGui() { ImGui::DestroyContext(); }
  NullImGui(const NullImGui&) = delete;
  NullImGui& operator=(const NullImGui&) = delete;

  // One whole frame of the viewer: it opens what the browser asked for, draws, serves the session.
  // Returns the number of vertices the frame's draw lists hold.
  static int frame(viz::Viewer& viewer) {
    ImGui::NewFrame();
    viewer.draw();
    ImGui::Render();
    return ImGui::GetDrawData()->TotalVtxCount;
  }
};

}  // namespace dsim::testing

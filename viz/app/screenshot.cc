// Headless mode: a hidden GLFW window provides an OpenGL context (Mesa's software renderer under
// xvfb-run is enough), the frame is rendered into an offscreen framebuffer of exactly the
// requested size, read back and written as a PNG with stb_image_write.

#include <GLFW/glfw3.h>

#include <cstdint>
#include <vector>

#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include "viz/app/app.h"
#include "viz/app/imgui_setup.h"

namespace dsim::viz {

namespace {

// Framebuffer objects are core in OpenGL 3 but not in the GL 1.x that libGL's header promises, so
// their entry points are looked up through GLFW.
struct FramebufferFunctions {
  PFNGLGENFRAMEBUFFERSPROC gen_framebuffers = nullptr;
  PFNGLBINDFRAMEBUFFERPROC bind_framebuffer = nullptr;
  PFNGLGENRENDERBUFFERSPROC gen_renderbuffers = nullptr;
  PFNGLBINDRENDERBUFFERPROC bind_renderbuffer = nullptr;
  PFNGLRENDERBUFFERSTORAGEPROC renderbuffer_storage = nullptr;
  PFNGLFRAMEBUFFERRENDERBUFFERPROC framebuffer_renderbuffer = nullptr;
  PFNGLCHECKFRAMEBUFFERSTATUSPROC check_framebuffer_status = nullptr;
  PFNGLDELETEFRAMEBUFFERSPROC delete_framebuffers = nullptr;
  PFNGLDELETERENDERBUFFERSPROC delete_renderbuffers = nullptr;

  bool load() {
    gen_framebuffers = reinterpret_cast<PFNGLGENFRAMEBUFFERSPROC>(glfwGetProcAddress("glGenFramebuffers"));
    bind_framebuffer = reinterpret_cast<PFNGLBINDFRAMEBUFFERPROC>(glfwGetProcAddress("glBindFramebuffer"));
    gen_renderbuffers = reinterpret_cast<PFNGLGENRENDERBUFFERSPROC>(glfwGetProcAddress("glGenRenderbuffers"));
    bind_renderbuffer = reinterpret_cast<PFNGLBINDRENDERBUFFERPROC>(glfwGetProcAddress("glBindRenderbuffer"));
    renderbuffer_storage = reinterpret_cast<PFNGLRENDERBUFFERSTORAGEPROC>(glfwGetProcAddress("glRenderbufferStorage"));
    framebuffer_renderbuffer = reinterpret_cast<PFNGLFRAMEBUFFERRENDERBUFFERPROC>(glfwGetProcAddress("glFramebufferRenderbuffer"));
    check_framebuffer_status = reinterpret_cast<PFNGLCHECKFRAMEBUFFERSTATUSPROC>(glfwGetProcAddress("glCheckFramebufferStatus"));
    delete_framebuffers = reinterpret_cast<PFNGLDELETEFRAMEBUFFERSPROC>(glfwGetProcAddress("glDeleteFramebuffers"));
    delete_renderbuffers = reinterpret_cast<PFNGLDELETERENDERBUFFERSPROC>(glfwGetProcAddress("glDeleteRenderbuffers"));
    return gen_framebuffers && bind_framebuffer && gen_renderbuffers && bind_renderbuffer && renderbuffer_storage &&
           framebuffer_renderbuffer && check_framebuffer_status && delete_framebuffers && delete_renderbuffers;
  }
};

// Frames drawn before the one that is saved: ImGui sizes new windows and fits text over the first
// frames, so the first ones can differ from what a user sees.
constexpr int kSettleFrames = 3;

bool render_and_save(Viewer& viewer, const ScreenshotOptions& options, std::string& error) {
  FramebufferFunctions gl;
  if (!gl.load()) {
    error = "the OpenGL driver has no framebuffer objects";
    return false;
  }
  GLuint framebuffer = 0;
  GLuint colour = 0;
  gl.gen_framebuffers(1, &framebuffer);
  gl.bind_framebuffer(GL_FRAMEBUFFER, framebuffer);
  gl.gen_renderbuffers(1, &colour);
  gl.bind_renderbuffer(GL_RENDERBUFFER, colour);
  gl.renderbuffer_storage(GL_RENDERBUFFER, GL_RGBA8, options.width, options.height);
  gl.framebuffer_renderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colour);
  if (gl.check_framebuffer_status(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    error = "cannot create an offscreen framebuffer of " + std::to_string(options.width) + "x" + std::to_string(options.height);
    return false;
  }

  ImGuiIO& io = ImGui::GetIO();
  for (int frame = 0; frame <= kSettleFrames; ++frame) {
    io.DisplaySize = ImVec2(static_cast<float>(options.width), static_cast<float>(options.height));
    io.DisplayFramebufferScale = ImVec2(1, 1);
    io.DeltaTime = 1.0f / 60.0f;
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    viewer.draw();
    ImGui::Render();
    glViewport(0, 0, options.width, options.height);
    glClearColor(0.06f, 0.06f, 0.08f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  }
  glFinish();

  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(options.width) * static_cast<std::size_t>(options.height) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, options.width, options.height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  gl.bind_framebuffer(GL_FRAMEBUFFER, 0);
  gl.delete_renderbuffers(1, &colour);
  gl.delete_framebuffers(1, &framebuffer);

  // OpenGL's rows run bottom-up; PNG's top-down. The alpha channel is made opaque so that viewers
  // do not show the window background as transparent.
  std::size_t stride = static_cast<std::size_t>(options.width) * 4;
  std::vector<std::uint8_t> flipped(pixels.size());
  for (int row = 0; row < options.height; ++row) {
    const std::uint8_t* source = pixels.data() + static_cast<std::size_t>(options.height - 1 - row) * stride;
    std::copy(source, source + stride, flipped.data() + static_cast<std::size_t>(row) * stride);
  }
  for (std::size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;
  if (!stbi_write_png(options.output_png.c_str(), options.width, options.height, 4, flipped.data(), static_cast<int>(stride))) {
    error = "cannot write " + options.output_png;
    return false;
  }
  return true;
}

}  // namespace

bool take_screenshot(Viewer& viewer, const ScreenshotOptions& options, std::string& error) {
  if (!glfwInit()) {
    error = "cannot open a display for OpenGL (run under xvfb-run -a)";
    return false;
  }
  glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  GLFWwindow* window = glfwCreateWindow(64, 64, "dsim-viz", nullptr, nullptr);
  if (window == nullptr) {
    glfwTerminate();
    error = "cannot create an OpenGL 3.3 context";
    return false;
  }
  glfwMakeContextCurrent(window);

  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // a screenshot never depends on, or changes, a user's layout
  set_up_fonts_and_style(options.ui_scale);
  viewer.state().ui_scale = options.ui_scale;
  viewer.state().force_layout = true;
  ImGui_ImplOpenGL3_Init("#version 330 core");
  bool saved = render_and_save(viewer, options, error);
  ImGui_ImplOpenGL3_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return saved;
}

}  // namespace dsim::viz

// A small PNG checker for the headless screenshot tests (stb_image reads the file):
//   png_check size FILE WIDTH HEIGHT    the image has exactly this size
//   png_check colours FILE MINIMUM      it has at least MINIMUM distinct colours (not blank)
//   png_check differ FILE_A FILE_B      the two images differ in at least 0.1% of their pixels
// Prints what it found and exits 0 when the check holds, 1 when it does not.

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include <stb_image.h>

namespace {

struct Image {
  int width = 0;
  int height = 0;
  unsigned char* pixels = nullptr;  // RGBA
  explicit Image(const char* path) {
    int channels = 0;
    pixels = stbi_load(path, &width, &height, &channels, 4);
    if (pixels == nullptr) {
      std::fprintf(stderr, "png_check: cannot read %s\n", path);
      std::exit(1);
    }
  }
  ~Image() { stbi_image_free(pixels); }
  Image(const Image&) = delete;
  Image& operator=(const Image&) = delete;
  std::size_t count() const { return static_cast<std::size_t>(width) * static_cast<std::size_t>(height); }
};

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "size" && argc == 5) {
    Image image(argv[2]);
    std::printf("%s: %dx%d\n", argv[2], image.width, image.height);
    return image.width == std::atoi(argv[3]) && image.height == std::atoi(argv[4]) ? 0 : 1;
  }
  if (mode == "colours" && argc == 4) {
    Image image(argv[2]);
    std::set<unsigned> colours;
    for (std::size_t i = 0; i < image.count(); ++i) {
      const unsigned char* p = image.pixels + i * 4;
      colours.insert((unsigned{p[0]} << 16) | (unsigned{p[1]} << 8) | unsigned{p[2]});
    }
    std::printf("%s: %zu distinct colours\n", argv[2], colours.size());
    return colours.size() >= static_cast<std::size_t>(std::atoi(argv[3])) ? 0 : 1;
  }
  if (mode == "differ" && argc == 4) {
    Image a(argv[2]);
    Image b(argv[3]);
    if (a.width != b.width || a.height != b.height) {
      std::printf("sizes differ: %dx%d and %dx%d\n", a.width, a.height, b.width, b.height);
      return 0;
    }
    std::size_t different = 0;
    for (std::size_t i = 0; i < a.count() * 4; i += 4) {
      if (a.pixels[i] != b.pixels[i] || a.pixels[i + 1] != b.pixels[i + 1] || a.pixels[i + 2] != b.pixels[i + 2]) ++different;
    }
    std::printf("%zu of %zu pixels differ\n", different, a.count());
    return different * 1000 >= a.count() ? 0 : 1;
  }
  std::fprintf(stderr, "usage: png_check size FILE W H | colours FILE MIN | differ A B\n");
  return 2;
}

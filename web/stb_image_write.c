/* stb_image_write's code for the page (the desktop links it from Debian's libstb): Export > PNG and
   the same PNG writer the desktop's --screenshot uses. */
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>

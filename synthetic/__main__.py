from synthetic.generate import main

main()
